import { schema, type Database } from '@eldercare/db'
import { eq, sql } from 'drizzle-orm'

const { tenants } = schema

/** An elder a counter serves, as the snapshot statement returns them: no whole 身份证号, no phone. */
export interface SnapshotElderRow {
  id: string
  name: string
  nameInitials: string
  idNumberTail: string
  gender: 'male' | 'female'
  cardNo: string | null
  birthDate: string
  status: 'active' | 'moved_away' | 'in_institution' | 'deceased'
  deceasedOn: string | null
  categories: { category: string; startOn: string; endOn: string | null }[]
  delegates: { id: string; name: string; relation: string }[]
}

export interface SnapshotFacts {
  /** Microseconds since the epoch of the latest change among the served elders and their cards. */
  version: string
  elders: SnapshotElderRow[]
  elderIds: string[]
  subsidisedToday: { elderId: string; slot: 'breakfast' | 'lunch' | 'dinner'; meals: number }[]
}

/**
 * What one counter needs offline, in one statement. The served elders are those living in the
 * communities of the facility's service area on the day. An elder is sent again when the elder row
 * or one of its cards changed after `changedAfter`; null sends them all.
 */
export function counterSnapshotRepository(db: Database) {
  return {
    async load(query: { tenantId: string; facilityId: string; today: string; changedAfter: string | null }): Promise<SnapshotFacts> {
      const { tenantId, facilityId, today, changedAfter } = query
      const served = sql`select e.* from elders e
        where e.tenant_id = ${tenantId} and e.community_code in (
          select a.community_code from facility_service_areas a
          where a.tenant_id = ${tenantId} and a.facility_id = ${facilityId}
            and a.valid_from <= ${today}::date and (a.valid_to is null or a.valid_to > ${today}::date))`
      const changedAt = sql`greatest(s.updated_at, (select max(greatest(c.created_at, coalesce(c.cancelled_at, c.created_at)))
        from care_cards c where c.tenant_id = s.tenant_id and c.elder_id = s.id))`
      const [row] = await db
        .select({
          version: sql<string>`(select coalesce((extract(epoch from max(${changedAt})) * 1000000)::bigint, 0)::text from (${served}) s)`,
          elders: sql<SnapshotElderRow[]>`coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name, 'nameInitials', s.name_initials,
              'idNumberTail', s.id_number_tail, 'gender', s.gender, 'birthDate', s.birth_date, 'status', s.status, 'deceasedOn', s.deceased_on,
              'cardNo', (select c.card_no from care_cards c where c.tenant_id = s.tenant_id and c.elder_id = s.id and c.status <> 'cancelled'),
              'categories', coalesce((select json_agg(json_build_object('category', c.category, 'startOn', c.start_on, 'endOn', c.end_on) order by c.start_on)
                from elder_categories c where c.tenant_id = s.tenant_id and c.elder_id = s.id), '[]'::json),
              'delegates', coalesce((select json_agg(json_build_object('id', d.id, 'name', d.name, 'relation', d.relation) order by d.name)
                from elder_pickup_delegates d where d.tenant_id = s.tenant_id and d.elder_id = s.id), '[]'::json)) order by s.name_initials, s.id)
            from (${served}) s where ${changedAfter}::bigint is null or ${changedAt} > to_timestamp(${changedAfter}::bigint / 1000000.0)), '[]'::json)`,
          elderIds: sql<string[]>`coalesce((select json_agg(s.id order by s.id) from (${served}) s), '[]'::json)`,
          subsidisedToday: sql<SnapshotFacts['subsidisedToday']>`coalesce((select json_agg(json_build_object('elderId', m.elder_id, 'slot', m.slot, 'meals', m.meals))
            from (select m.elder_id, m.slot, count(*)::int as meals from meal_records m
              where m.tenant_id = ${tenantId} and m.served_on = ${today}::date and m.subsidised and m.voided_at is null
                and m.elder_id in (select s.id from (${served}) s)
              group by m.elder_id, m.slot) m), '[]'::json)`,
        })
        .from(tenants)
        .where(eq(tenants.id, tenantId))
      if (!row) throw new Error('counter snapshot: the tenant does not exist')
      return row
    },
  }
}
