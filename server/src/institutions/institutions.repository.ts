import { schema, type Executor } from '@eldercare/db'
import type { BedReportStatus, InstitutionOwnership } from '@eldercare/shared'
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import { shanghaiToday } from '../http/dates.js'

const { facilities, facilityTagPeriods, regions, institutionProfiles, institutionSettings, bedReports, starRatings } = schema
export type InstitutionProfileRow = typeof institutionProfiles.$inferSelect
export type BedReportRow = typeof bedReports.$inferSelect
export type BedReportInsert = typeof bedReports.$inferInsert
export type StarRatingRow = typeof starRatings.$inferSelect

/** Which institutions a query may touch: the whole tenant, some towns or some facilities. */
export interface InstitutionScope {
  scopeTownCodes?: string[]
  scopeFacilityIds?: string[]
}

export interface InstitutionFilter extends InstitutionScope {
  q?: string
  townCode?: string
  ownership?: InstitutionOwnership
  ids?: string[]
}

/** An institution with its place and profile, read in one query. */
export interface InstitutionView {
  id: string
  name: string
  communityCode: string
  communityName: string
  townCode: string
  townName: string
  address: string
  operatorOrg: string | null
  openedOn: string
  closedOn: string | null
  tags: string[]
  profile: InstitutionProfileRow | null
}

const town = sql`substr(${facilities.communityCode}, 1, 9)`

function scopeConditions(scope: InstitutionScope): SQL[] {
  const where: SQL[] = []
  if (scope.scopeTownCodes) where.push(scope.scopeTownCodes.length > 0 ? sql`${town} in ${scope.scopeTownCodes}` : sql`false`)
  if (scope.scopeFacilityIds) where.push(scope.scopeFacilityIds.length > 0 ? inArray(facilities.id, scope.scopeFacilityIds) : sql`false`)
  return where
}

function institutionsRepository(db: Executor) {
  const community = sql.raw('community')
  const townRegion = sql.raw('town_region')

  function institutionConditions(tenantId: string, filter: InstitutionFilter): SQL[] {
    const where: SQL[] = [eq(facilities.tenantId, tenantId), eq(facilities.type, 'institution'), ...scopeConditions(filter)]
    if (filter.townCode) where.push(sql`${town} = ${filter.townCode}`)
    if (filter.ownership) where.push(eq(institutionProfiles.ownership, filter.ownership))
    if (filter.ids) where.push(filter.ids.length > 0 ? inArray(facilities.id, filter.ids) : sql`false`)
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      where.push(or(ilike(facilities.name, pattern), ilike(facilities.address, pattern))!)
    }
    return where
  }

  /** Tags are those holding today. */
  function institutionQuery(exec: Executor) {
    const today = shanghaiToday()
    return exec
      .select({
        id: facilities.id,
        name: facilities.name,
        communityCode: facilities.communityCode,
        communityName: sql<string>`${community}.name`,
        townCode: sql<string>`${townRegion}.code`,
        townName: sql<string>`${townRegion}.name`,
        address: facilities.address,
        operatorOrg: facilities.operatorOrg,
        openedOn: facilities.openedOn,
        closedOn: facilities.closedOn,
        tags: sql<string[]>`array(select tp.tag from ${facilityTagPeriods} tp where tp.tenant_id = ${facilities.tenantId} and tp.facility_id = ${facilities.id}
          and tp.valid_from <= ${today}::date and (tp.valid_to is null or tp.valid_to > ${today}::date) order by tp.tag)`,
        profile: institutionProfiles,
      })
      .from(facilities)
      .innerJoin(sql`${regions} as ${community}`, sql`${community}.tenant_id = ${facilities.tenantId} and ${community}.code = ${facilities.communityCode}`)
      .innerJoin(sql`${regions} as ${townRegion}`, sql`${townRegion}.tenant_id = ${facilities.tenantId} and ${townRegion}.code = ${community}.parent_code`)
      .leftJoin(institutionProfiles, and(eq(institutionProfiles.tenantId, facilities.tenantId), eq(institutionProfiles.facilityId, facilities.id)))
  }

  return {
    async listInstitutions(tenantId: string, filter: InstitutionFilter, page: number, pageSize: number): Promise<{ rows: InstitutionView[]; total: number }> {
      const where = and(...institutionConditions(tenantId, filter))
      const rows = await institutionQuery(db)
        .where(where)
        .orderBy(asc(facilities.communityCode), asc(facilities.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [total] = await db
        .select({ total: count() })
        .from(facilities)
        .leftJoin(institutionProfiles, and(eq(institutionProfiles.tenantId, facilities.tenantId), eq(institutionProfiles.facilityId, facilities.id)))
        .where(where)
      return { rows, total: total?.total ?? 0 }
    },

    /** Every institution matching the filter, for figures and the late-filers list. */
    async allInstitutions(tenantId: string, filter: InstitutionFilter, exec: Executor = db): Promise<InstitutionView[]> {
      return institutionQuery(exec)
        .where(and(...institutionConditions(tenantId, filter)))
        .orderBy(asc(facilities.communityCode), asc(facilities.name))
    },

    async findInstitution(tenantId: string, id: string, exec: Executor = db): Promise<InstitutionView | undefined> {
      const [row] = await institutionQuery(exec).where(and(...institutionConditions(tenantId, { ids: [id] })))
      return row
    },

    async upsertProfile(row: typeof institutionProfiles.$inferInsert, exec: Executor = db): Promise<void> {
      const { tenantId: _tenant, facilityId: _facility, ...set } = row
      await exec
        .insert(institutionProfiles)
        .values(row)
        .onConflictDoUpdate({ target: [institutionProfiles.tenantId, institutionProfiles.facilityId], set: { ...set, updatedAt: new Date() } })
    },

    async settings(tenantId: string, exec: Executor = db): Promise<Record<string, unknown> | null> {
      const [row] = await exec.select().from(institutionSettings).where(eq(institutionSettings.tenantId, tenantId))
      return row?.settings ?? null
    },

    async upsertSettings(tenantId: string, settings: Record<string, unknown>, exec: Executor = db): Promise<void> {
      await exec
        .insert(institutionSettings)
        .values({ tenantId, settings })
        .onConflictDoUpdate({ target: institutionSettings.tenantId, set: { settings, updatedAt: new Date() } })
    },

    async findReport(tenantId: string, id: string, exec: Executor = db): Promise<BedReportRow | undefined> {
      const [row] = await exec.select().from(bedReports).where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.id, id)))
      return row
    },

    async findReportFor(tenantId: string, facilityId: string, period: string, exec: Executor = db): Promise<BedReportRow | undefined> {
      const [row] = await exec
        .select()
        .from(bedReports)
        .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.facilityId, facilityId), eq(bedReports.period, period)))
      return row
    },

    /** The last approved report of an institution before a period (exclusive), or the very last. */
    async lastApproved(tenantId: string, facilityId: string, beforePeriod: string | null, exec: Executor = db): Promise<BedReportRow | undefined> {
      const where = [eq(bedReports.tenantId, tenantId), eq(bedReports.facilityId, facilityId), eq(bedReports.status, 'approved')]
      if (beforePeriod) where.push(lt(bedReports.period, beforePeriod))
      const [row] = await exec
        .select()
        .from(bedReports)
        .where(and(...where))
        .orderBy(desc(bedReports.period))
        .limit(1)
      return row
    },

    /** The latest approved report of each of the institutions. */
    async latestApproved(tenantId: string, facilityIds: string[], exec: Executor = db): Promise<BedReportRow[]> {
      if (facilityIds.length === 0) return []
      return exec
        .selectDistinctOn([bedReports.facilityId])
        .from(bedReports)
        .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.status, 'approved'), inArray(bedReports.facilityId, facilityIds)))
        .orderBy(bedReports.facilityId, desc(bedReports.period))
    },

    async reportsOfPeriod(tenantId: string, period: string, exec: Executor = db): Promise<BedReportRow[]> {
      return exec
        .select()
        .from(bedReports)
        .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.period, period)))
    },

    /** Approved reports of an institution from a period on, oldest first. */
    async approvedHistory(tenantId: string, facilityId: string, fromPeriod: string, exec: Executor = db): Promise<BedReportRow[]> {
      return exec
        .select()
        .from(bedReports)
        .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.facilityId, facilityId), eq(bedReports.status, 'approved'), gte(bedReports.period, fromPeriod)))
        .orderBy(asc(bedReports.period))
    },

    async listReports(
      tenantId: string,
      filter: InstitutionScope & { facilityId?: string; period?: string; status?: BedReportStatus },
      page: number,
      pageSize: number,
    ): Promise<{ rows: { report: BedReportRow; facilityName: string }[]; total: number }> {
      const where: SQL[] = [eq(bedReports.tenantId, tenantId), ...scopeConditions(filter)]
      if (filter.facilityId) where.push(eq(bedReports.facilityId, filter.facilityId))
      if (filter.period) where.push(eq(bedReports.period, filter.period))
      if (filter.status) where.push(eq(bedReports.status, filter.status))
      const condition = and(...where)
      const join = and(eq(facilities.tenantId, bedReports.tenantId), eq(facilities.id, bedReports.facilityId))
      const rows = await db
        .select({ report: bedReports, facilityName: facilities.name })
        .from(bedReports)
        .innerJoin(facilities, join)
        .where(condition)
        .orderBy(desc(bedReports.period), asc(facilities.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [total] = await db.select({ total: count() }).from(bedReports).innerJoin(facilities, join).where(condition)
      return { rows, total: total?.total ?? 0 }
    },

    async insertReport(row: BedReportInsert, exec: Executor = db): Promise<BedReportRow> {
      const [created] = await exec.insert(bedReports).values(row).returning()
      return created!
    },

    async updateReport(tenantId: string, id: string, set: Partial<BedReportInsert>, exec: Executor = db): Promise<BedReportRow> {
      const [updated] = await exec
        .update(bedReports)
        .set({ ...set, updatedAt: new Date() })
        .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.id, id)))
        .returning()
      return updated!
    },

    async insertRating(row: typeof starRatings.$inferInsert, exec: Executor = db): Promise<StarRatingRow> {
      const [created] = await exec.insert(starRatings).values(row).returning()
      return created!
    },

    async ratingsOf(tenantId: string, facilityIds: string[], exec: Executor = db): Promise<StarRatingRow[]> {
      if (facilityIds.length === 0) return []
      return exec
        .select()
        .from(starRatings)
        .where(and(eq(starRatings.tenantId, tenantId), inArray(starRatings.facilityId, facilityIds)))
        .orderBy(desc(starRatings.assessedOn), desc(starRatings.id))
    },

    async listRatings(
      tenantId: string,
      filter: InstitutionScope & { facilityId?: string; ids?: string[]; validUntilBy?: string },
      page: number,
      pageSize: number,
    ): Promise<{ rows: { rating: StarRatingRow; facilityName: string }[]; total: number }> {
      const where: SQL[] = [eq(starRatings.tenantId, tenantId), ...scopeConditions(filter)]
      if (filter.facilityId) where.push(eq(starRatings.facilityId, filter.facilityId))
      if (filter.ids) where.push(filter.ids.length > 0 ? inArray(starRatings.id, filter.ids) : sql`false`)
      if (filter.validUntilBy) where.push(lte(starRatings.validUntil, filter.validUntilBy))
      const condition = and(...where)
      const join = and(eq(facilities.tenantId, starRatings.tenantId), eq(facilities.id, starRatings.facilityId))
      const rows = await db
        .select({ rating: starRatings, facilityName: facilities.name })
        .from(starRatings)
        .innerJoin(facilities, join)
        .where(condition)
        .orderBy(filter.validUntilBy ? asc(starRatings.validUntil) : desc(starRatings.assessedOn), asc(facilities.name))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [total] = await db.select({ total: count() }).from(starRatings).innerJoin(facilities, join).where(condition)
      return { rows, total: total?.total ?? 0 }
    },
  }
}

export type InstitutionsRepository = ReturnType<typeof institutionsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    institutionsRepository: InstitutionsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('institutionsRepository', institutionsRepository(fastify.db))
  },
  { name: 'institutions-repository', dependencies: ['database'] },
)
