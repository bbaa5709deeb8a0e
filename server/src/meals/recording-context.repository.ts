import { schema, type Database } from '@eldercare/db'
import DataLoader from 'dataloader'
import { eq, sql } from 'drizzle-orm'
import type { SubsidyRuleTerms } from '@eldercare/shared'

const { tenants } = schema

/** What recording a meal needs to know about an elder. */
export interface ElderForMeal {
  id: string
  name: string
  communityCode: string
  birthDate: string
  status: 'active' | 'moved_away' | 'in_institution' | 'deceased'
  deceasedOn: string | null
  categories: { category: string; startOn: string; endOn: string | null }[]
  delegateIds: string[]
}

/** What the checks of a meal need to know about its facility. */
export interface FacilityForMeal {
  id: string
  openedOn: string
  closedOn: string | null
  mealSlots: string[]
  mealModes: string[]
}

/** Everything recording some meals reads from the database, as one statement returns it. */
export interface RecordingFacts {
  /** Null when the tenant never saved its meal settings: the defaults apply. */
  settings: { subsidisedMealsPerSlot: number; backDatingDays: number } | null
  rules: SubsidyRuleTerms[]
  facilities: FacilityForMeal[]
  elders: ElderForMeal[]
  /** Ids of the meals that are already stored: retries. */
  existingIds: string[]
  /** `facilityId:YYYY-MM` of months whose statement is submitted or approved: their meals are frozen. */
  lockedMonths: string[]
  /** Communities served on `today` by the facilities of a facility-scoped user; null for other users. */
  communities: string[] | null
}

export interface RecordingFactsQuery {
  tenantId: string
  mealIds: string[]
  elderIds: string[]
  facilityIds: string[]
  /** The facilities of a facility-scoped user, or null. */
  scopeFacilityIds: string[] | null
  today: string
}

/**
 * The facts for recording meals in one round trip. A meal at the counter is the busiest request of
 * the product: seven separate reads made it wait on seven answers and cost PostgreSQL seven
 * statements. Each part is a subquery on its own index; the tenant row only anchors the statement.
 */
export function recordingContextRepository(db: Database) {
  const tenantId = sql.placeholder('tenantId')
  const mealIds = sql.placeholder('mealIds')
  const elderIds = sql.placeholder('elderIds')
  const facilityIds = sql.placeholder('facilityIds')
  const scopeFacilityIds = sql.placeholder('scopeFacilityIds')
  const today = sql.placeholder('today')

  const statement = db
    .select({
      settings: sql<RecordingFacts['settings']>`(select json_build_object('subsidisedMealsPerSlot', s.subsidised_meals_per_slot, 'backDatingDays', s.back_dating_days)
        from meal_settings s where s.tenant_id = ${tenantId})`,
      rules: sql<RecordingFacts['rules']>`coalesce((select json_agg(json_build_object('id', r.id, 'kind', r.kind, 'category', r.category, 'minAge', r.min_age,
          'amountFen', r.amount_fen, 'validFrom', r.valid_from, 'validTo', r.valid_to) order by r.valid_from, r.name)
        from subsidy_rules r where r.tenant_id = ${tenantId}), '[]'::json)`,
      facilities: sql<RecordingFacts['facilities']>`coalesce((select json_agg(json_build_object('id', f.id, 'openedOn', f.opened_on, 'closedOn', f.closed_on,
          'mealSlots', f.meal_slots, 'mealModes', f.meal_modes))
        from facilities f where f.tenant_id = ${tenantId} and f.id = any(${facilityIds}::uuid[])), '[]'::json)`,
      elders: sql<RecordingFacts['elders']>`coalesce((select json_agg(json_build_object('id', e.id, 'name', e.name, 'communityCode', e.community_code,
          'birthDate', e.birth_date, 'status', e.status, 'deceasedOn', e.deceased_on,
          'categories', coalesce((select json_agg(json_build_object('category', c.category, 'startOn', c.start_on, 'endOn', c.end_on))
            from elder_categories c where c.tenant_id = e.tenant_id and c.elder_id = e.id), '[]'::json),
          'delegateIds', coalesce((select json_agg(d.id) from elder_pickup_delegates d where d.tenant_id = e.tenant_id and d.elder_id = e.id), '[]'::json)))
        from elders e where e.tenant_id = ${tenantId} and e.id = any(${elderIds}::uuid[])), '[]'::json)`,
      existingIds: sql<string[]>`coalesce((select json_agg(m.id) from meal_records m where m.tenant_id = ${tenantId} and m.id = any(${mealIds}::uuid[])), '[]'::json)`,
      lockedMonths: sql<string[]>`coalesce((select json_agg(st.facility_id || ':' || st.month) from settlements st
        where st.tenant_id = ${tenantId} and st.facility_id = any(${facilityIds}::uuid[]) and st.status in ('submitted', 'town_approved', 'approved')), '[]'::json)`,
      communities: sql<string[] | null>`case when ${scopeFacilityIds}::uuid[] is null then null else coalesce((
        select json_agg(distinct a.community_code) from facility_service_areas a
        where a.tenant_id = ${tenantId} and a.facility_id = any(${scopeFacilityIds}::uuid[])
          and a.valid_from <= ${today}::date and (a.valid_to is null or a.valid_to > ${today}::date)), '[]'::json) end`,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .prepare('meal_recording_facts')

  async function load(query: RecordingFactsQuery): Promise<RecordingFacts> {
    const [row] = await statement.execute({ ...query })
    if (!row) throw new Error('meal recording: the tenant does not exist')
    return row
  }

  // Requests recording meals at the same moment for the same tenant, user scope and day read their
  // facts together: one statement answers all of them (each reads its own elders and meals from the
  // shared answer by id). A group forms within one turn of the event loop; a request alone waits for nobody.
  const groups = new Map<string, DataLoader<RecordingFactsQuery, RecordingFacts>>()
  const union = (queries: readonly RecordingFactsQuery[], pick: (query: RecordingFactsQuery) => string[]) => [...new Set(queries.flatMap(pick))]

  return {
    load(query: RecordingFactsQuery): Promise<RecordingFacts> {
      const key = `${query.tenantId}|${query.today}|${query.scopeFacilityIds?.join(',') ?? '*'}`
      let group = groups.get(key)
      if (!group) {
        group = new DataLoader<RecordingFactsQuery, RecordingFacts>(
          async (queries) => {
            groups.delete(key)
            const facts = await load({
              ...queries[0]!,
              mealIds: union(queries, (q) => q.mealIds),
              elderIds: union(queries, (q) => q.elderIds),
              facilityIds: union(queries, (q) => q.facilityIds),
            })
            return queries.map(() => facts)
          },
          { cache: false },
        )
        groups.set(key, group)
      }
      return group.load(query)
    },
  }
}

export type RecordingContextRepository = ReturnType<typeof recordingContextRepository>
