import { schema, type Executor } from '@eldercare/db'
import type { FacilityStatus, FacilityTag, FacilityType } from '@eldercare/shared'
import { and, asc, count, eq, gt, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { facilities, facilityServiceAreas, facilityTagPeriods, regions } = schema
export type FacilityRow = typeof facilities.$inferSelect
export type FacilityInsert = typeof facilities.$inferInsert
export type ServiceAreaRow = typeof facilityServiceAreas.$inferSelect
export type TagPeriodRow = typeof facilityTagPeriods.$inferSelect

/** A facility with the names a response shows, read in the same query. */
export type FacilityView = FacilityRow & {
  communityName: string
  townCode: string
  townName: string
  island: string | null
  serviceAreaCount: number
  /** Every tag period, oldest first. */
  tagHistory: { tag: FacilityTag; validFrom: string; validTo: string | null }[]
}

export interface FacilityFilter {
  q?: string
  type?: FacilityType
  townCode?: string
  /** An island name, or `main` for the main island. */
  island?: string
  status?: FacilityStatus
  /** Access scope: only these towns / these facilities. */
  scopeTownCodes?: string[]
  scopeFacilityIds?: string[]
}

const town = sql`substr(${facilities.communityCode}, 1, 9)`

/** planned before opening, closed from the closing day on, active in between. */
export function facilityStatusSql(today: string) {
  return sql<FacilityStatus>`case
    when ${facilities.openedOn} > ${today}::date then 'planned'
    when ${facilities.closedOn} is not null and ${facilities.closedOn} <= ${today}::date then 'closed'
    else 'active' end`
}

function facilitiesRepository(db: Executor) {
  // Read on every meal recorded: prepared statements, one round trip each.
  const prepared = {
    byIds: db
      .select()
      .from(facilities)
      .where(and(eq(facilities.tenantId, sql.placeholder('tenantId')), sql`${facilities.id} = any(${sql.placeholder('ids')}::uuid[])`))
      .prepare('facilities_by_ids'),
    communitiesServed: db
      .selectDistinct({ communityCode: facilityServiceAreas.communityCode })
      .from(facilityServiceAreas)
      .where(
        and(
          eq(facilityServiceAreas.tenantId, sql.placeholder('tenantId')),
          sql`${facilityServiceAreas.facilityId} = any(${sql.placeholder('ids')}::uuid[])`,
          sql`${facilityServiceAreas.validFrom} <= ${sql.placeholder('day')}::date`,
          sql`(${facilityServiceAreas.validTo} is null or ${facilityServiceAreas.validTo} > ${sql.placeholder('day')}::date)`,
        ),
      )
      .prepare('communities_served_by'),
  }

  const community = sql.raw('community')
  const townRegion = sql.raw('town_region')

  function viewQuery(exec: Executor, today: string) {
    return exec
      .select({
        facility: facilities,
        communityName: sql<string>`${community}.name`,
        townCode: sql<string>`${townRegion}.code`,
        townName: sql<string>`${townRegion}.name`,
        island: sql<string | null>`coalesce(${community}.island, ${townRegion}.island)`,
        serviceAreaCount: sql<number>`(select count(*)::int from ${facilityServiceAreas} sa
          where sa.tenant_id = "facilities"."tenant_id" and sa.facility_id = "facilities"."id"
          and sa.valid_from <= ${today}::date and (sa.valid_to is null or sa.valid_to > ${today}::date))`,
        tagHistory: sql<FacilityView['tagHistory']>`(select coalesce(jsonb_agg(jsonb_build_object('tag', tp.tag, 'validFrom', tp.valid_from::text, 'validTo', tp.valid_to::text)
          order by tp.valid_from, tp.tag), '[]'::jsonb) from ${facilityTagPeriods} tp
          where tp.tenant_id = "facilities"."tenant_id" and tp.facility_id = "facilities"."id")`,
      })
      .from(facilities)
      .innerJoin(sql`${regions} as ${community}`, sql`${community}.tenant_id = ${facilities.tenantId} and ${community}.code = ${facilities.communityCode}`)
      .innerJoin(sql`${regions} as ${townRegion}`, sql`${townRegion}.tenant_id = ${facilities.tenantId} and ${townRegion}.code = ${community}.parent_code`)
  }

  type ViewRow = Omit<FacilityView, keyof FacilityRow> & { facility: FacilityRow }
  const toView = (row: ViewRow): FacilityView => ({
    ...row.facility,
    communityName: row.communityName,
    townCode: row.townCode,
    townName: row.townName,
    island: row.island,
    serviceAreaCount: row.serviceAreaCount,
    tagHistory: row.tagHistory,
  })

  function conditions(tenantId: string, filter: FacilityFilter, today: string): SQL[] {
    const where: SQL[] = [eq(facilities.tenantId, tenantId)]
    if (filter.type) where.push(eq(facilities.type, filter.type))
    if (filter.townCode) where.push(sql`${town} = ${filter.townCode}`)
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      where.push(or(ilike(facilities.name, pattern), ilike(facilities.address, pattern))!)
    }
    if (filter.island === 'main') where.push(sql`coalesce(community.island, town_region.island) is null`)
    else if (filter.island) where.push(sql`coalesce(community.island, town_region.island) = ${filter.island}`)
    if (filter.status) where.push(sql`${facilityStatusSql(today)} = ${filter.status}`)
    if (filter.scopeTownCodes) where.push(filter.scopeTownCodes.length > 0 ? sql`${town} in ${filter.scopeTownCodes}` : sql`false`)
    if (filter.scopeFacilityIds) {
      where.push(filter.scopeFacilityIds.length > 0 ? inArray(facilities.id, filter.scopeFacilityIds) : sql`false`)
    }
    return where
  }

  return {
    async list(tenantId: string, filter: FacilityFilter, today: string, page: number, pageSize: number) {
      const where = and(...conditions(tenantId, filter, today))
      const rows = await viewQuery(db, today)
        .where(where)
        .orderBy(asc(facilities.communityCode), asc(facilities.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [totalRow] = await db
        .select({ total: count() })
        .from(facilities)
        .innerJoin(sql`${regions} as ${community}`, sql`${community}.tenant_id = ${facilities.tenantId} and ${community}.code = ${facilities.communityCode}`)
        .innerJoin(sql`${regions} as ${townRegion}`, sql`${townRegion}.tenant_id = ${facilities.tenantId} and ${townRegion}.code = ${community}.parent_code`)
        .where(where)
      return { rows: rows.map(toView), total: totalRow?.total ?? 0 }
    },

    async findView(tenantId: string, id: string, today: string, exec: Executor = db): Promise<FacilityView | undefined> {
      const [row] = await viewQuery(exec, today).where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, id)))
      return row ? toView(row) : undefined
    },

    async findByIds(tenantId: string, ids: string[], exec: Executor = db): Promise<FacilityRow[]> {
      if (ids.length === 0) return []
      if (exec === db) return prepared.byIds.execute({ tenantId, ids })
      return exec
        .select()
        .from(facilities)
        .where(and(eq(facilities.tenantId, tenantId), inArray(facilities.id, ids)))
    },

    async insert(row: FacilityInsert, exec: Executor = db): Promise<FacilityRow> {
      const [created] = await exec.insert(facilities).values(row).returning()
      return created!
    },

    async update(tenantId: string, id: string, changes: Partial<FacilityInsert>, exec: Executor = db): Promise<FacilityRow | undefined> {
      const [row] = await exec
        .update(facilities)
        .set({ ...changes, updatedAt: new Date() })
        .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, id)))
        .returning()
      return row
    },

    /** Every service-area period of a facility, oldest first. */
    async serviceAreaHistory(tenantId: string, facilityId: string, exec: Executor = db): Promise<ServiceAreaRow[]> {
      return exec
        .select()
        .from(facilityServiceAreas)
        .where(and(eq(facilityServiceAreas.tenantId, tenantId), eq(facilityServiceAreas.facilityId, facilityId)))
        .orderBy(asc(facilityServiceAreas.validFrom), asc(facilityServiceAreas.communityCode))
    },

    /** Rows in force on `day` or later: the ones a change from `day` on has to close or cut. */
    async serviceAreaFrom(tenantId: string, facilityId: string, day: string, exec: Executor = db): Promise<ServiceAreaRow[]> {
      return exec
        .select()
        .from(facilityServiceAreas)
        .where(
          and(
            eq(facilityServiceAreas.tenantId, tenantId),
            eq(facilityServiceAreas.facilityId, facilityId),
            or(isNull(facilityServiceAreas.validTo), gt(facilityServiceAreas.validTo, day)),
          ),
        )
    },

    async insertServiceAreas(rows: (typeof facilityServiceAreas.$inferInsert)[], exec: Executor = db): Promise<void> {
      if (rows.length > 0) await exec.insert(facilityServiceAreas).values(rows)
    },

    /**
     * A corrected opening date moves the service area that began with the old one, so the facility
     * neither serves before it opens nor leaves a gap after.
     */
    async moveOpeningServiceArea(tenantId: string, facilityId: string, from: string, to: string, exec: Executor = db): Promise<void> {
      await exec
        .update(facilityServiceAreas)
        .set({ validFrom: to })
        .where(
          and(
            eq(facilityServiceAreas.tenantId, tenantId),
            eq(facilityServiceAreas.facilityId, facilityId),
            eq(facilityServiceAreas.validFrom, from),
            or(isNull(facilityServiceAreas.validTo), gt(facilityServiceAreas.validTo, to)),
          ),
        )
    },

    async deleteServiceArea(tenantId: string, id: string, exec: Executor = db): Promise<void> {
      await exec.delete(facilityServiceAreas).where(and(eq(facilityServiceAreas.tenantId, tenantId), eq(facilityServiceAreas.id, id)))
    },

    async closeServiceArea(tenantId: string, id: string, validTo: string, exec: Executor = db): Promise<void> {
      await exec
        .update(facilityServiceAreas)
        .set({ validTo })
        .where(and(eq(facilityServiceAreas.tenantId, tenantId), eq(facilityServiceAreas.id, id)))
    },

    /** Tag periods in force on `day` or later: the ones a change of tags from `day` on has to close or cut. */
    async tagPeriodsFrom(tenantId: string, facilityId: string, day: string, exec: Executor = db): Promise<TagPeriodRow[]> {
      return exec
        .select()
        .from(facilityTagPeriods)
        .where(and(eq(facilityTagPeriods.tenantId, tenantId), eq(facilityTagPeriods.facilityId, facilityId), or(isNull(facilityTagPeriods.validTo), gt(facilityTagPeriods.validTo, day))))
    },

    async insertTagPeriods(rows: (typeof facilityTagPeriods.$inferInsert)[], exec: Executor = db): Promise<void> {
      if (rows.length > 0) await exec.insert(facilityTagPeriods).values(rows)
    },

    async deleteTagPeriod(tenantId: string, id: string, exec: Executor = db): Promise<void> {
      await exec.delete(facilityTagPeriods).where(and(eq(facilityTagPeriods.tenantId, tenantId), eq(facilityTagPeriods.id, id)))
    },

    async closeTagPeriod(tenantId: string, id: string, validTo: string, exec: Executor = db): Promise<void> {
      await exec
        .update(facilityTagPeriods)
        .set({ validTo })
        .where(and(eq(facilityTagPeriods.tenantId, tenantId), eq(facilityTagPeriods.id, id)))
    },

    /** A corrected opening date moves the tags that began with the old one, as it moves the service area. */
    async moveOpeningTags(tenantId: string, facilityId: string, from: string, to: string, exec: Executor = db): Promise<void> {
      await exec
        .update(facilityTagPeriods)
        .set({ validFrom: to })
        .where(
          and(
            eq(facilityTagPeriods.tenantId, tenantId),
            eq(facilityTagPeriods.facilityId, facilityId),
            eq(facilityTagPeriods.validFrom, from),
            or(isNull(facilityTagPeriods.validTo), gt(facilityTagPeriods.validTo, to)),
          ),
        )
    },

    /** Whether any service-area period of the facility holds on `day` or later. */
    async hasServiceAreaFrom(tenantId: string, facilityId: string, day: string, exec: Executor = db): Promise<boolean> {
      const [row] = await exec
        .select({ id: facilityServiceAreas.id })
        .from(facilityServiceAreas)
        .where(and(eq(facilityServiceAreas.tenantId, tenantId), eq(facilityServiceAreas.facilityId, facilityId), or(isNull(facilityServiceAreas.validTo), gt(facilityServiceAreas.validTo, day))))
        .limit(1)
      return row !== undefined
    },

    /** Communities served on `day` by any of the facilities: an operator's elders live there. */
    async communitiesServedBy(tenantId: string, facilityIds: string[], day: string, exec: Executor = db): Promise<string[]> {
      if (facilityIds.length === 0) return []
      if (exec === db) return (await prepared.communitiesServed.execute({ tenantId, ids: facilityIds, day })).map((row) => row.communityCode)
      const rows = await exec
        .selectDistinct({ communityCode: facilityServiceAreas.communityCode })
        .from(facilityServiceAreas)
        .where(
          and(
            eq(facilityServiceAreas.tenantId, tenantId),
            inArray(facilityServiceAreas.facilityId, facilityIds),
            lte(facilityServiceAreas.validFrom, day),
            or(isNull(facilityServiceAreas.validTo), gt(facilityServiceAreas.validTo, day)),
          ),
        )
      return rows.map((row) => row.communityCode)
    },
  }
}

export type FacilitiesRepository = ReturnType<typeof facilitiesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    facilitiesRepository: FacilitiesRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('facilitiesRepository', facilitiesRepository(fastify.db))
  },
  { name: 'facilities-repository', dependencies: ['database'] },
)
