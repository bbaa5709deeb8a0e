import { schema, type Executor } from '@eldercare/db'
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { elders, elderStatusHistory, elderCareNeeds, facilities, users } = schema
export type ElderStatusRow = typeof elderStatusHistory.$inferSelect
export type ElderStatusInsert = typeof elderStatusHistory.$inferInsert
export type ElderCareNeedRow = typeof elderCareNeeds.$inferSelect

/** A status row with the names a response shows. */
export type ElderStatusView = ElderStatusRow & { institutionName: string | null; recordedByName: string | null }

/** The latest status row first: the latest day, then the latest recorded on one day. */
const latestFirst = [desc(elderStatusHistory.effectiveFrom), desc(elderStatusHistory.recordedAt), desc(elderStatusHistory.id)]

/** Elders' dated status (在册, 迁出, 入住机构, 死亡) and their need of concentrated care (有集中供养需求). */
function elderStatusRepository(db: Executor) {
  const withNames = (exec: Executor) =>
    exec
      .select({ status: elderStatusHistory, institutionName: facilities.name, recordedByName: users.displayName })
      .from(elderStatusHistory)
      .leftJoin(facilities, and(eq(facilities.tenantId, elderStatusHistory.tenantId), eq(facilities.id, elderStatusHistory.institutionId)))
      .leftJoin(users, and(eq(users.tenantId, elderStatusHistory.tenantId), eq(users.id, elderStatusHistory.recordedBy)))
  const toView = (row: { status: ElderStatusRow; institutionName: string | null; recordedByName: string | null }): ElderStatusView => ({
    ...row.status,
    institutionName: row.institutionName,
    recordedByName: row.recordedByName,
  })

  return {
    /** Every status of an elder, oldest first. */
    async history(tenantId: string, elderId: string, exec: Executor = db): Promise<ElderStatusView[]> {
      const rows = await withNames(exec)
        .where(and(eq(elderStatusHistory.tenantId, tenantId), eq(elderStatusHistory.elderId, elderId)))
        .orderBy(asc(elderStatusHistory.effectiveFrom), asc(elderStatusHistory.recordedAt), asc(elderStatusHistory.id))
      return rows.map(toView)
    },

    /** Each elder's latest status (the one in force today: no status takes effect after today). */
    async latest(tenantId: string, elderIds: string[], exec: Executor = db): Promise<Map<string, ElderStatusView>> {
      if (elderIds.length === 0) return new Map()
      const rows = await exec
        .selectDistinctOn([elderStatusHistory.elderId], { status: elderStatusHistory, institutionName: facilities.name, recordedByName: users.displayName })
        .from(elderStatusHistory)
        .leftJoin(facilities, and(eq(facilities.tenantId, elderStatusHistory.tenantId), eq(facilities.id, elderStatusHistory.institutionId)))
        .leftJoin(users, and(eq(users.tenantId, elderStatusHistory.tenantId), eq(users.id, elderStatusHistory.recordedBy)))
        .where(and(eq(elderStatusHistory.tenantId, tenantId), inArray(elderStatusHistory.elderId, elderIds)))
        .orderBy(elderStatusHistory.elderId, ...latestFirst)
      return new Map(rows.map((row) => [row.status.elderId, toView(row)]))
    },

    /** Corrects a row in place: its day, institution, and who recorded the correction. */
    async correct(tenantId: string, id: string, changes: Pick<ElderStatusRow, 'effectiveFrom' | 'institutionId' | 'recordedBy' | 'source'>, exec: Executor = db): Promise<void> {
      await exec
        .update(elderStatusHistory)
        .set({ ...changes, recordedAt: new Date() })
        .where(and(eq(elderStatusHistory.tenantId, tenantId), eq(elderStatusHistory.id, id)))
    },

    async insert(rows: ElderStatusInsert[], exec: Executor = db): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) await exec.insert(elderStatusHistory).values(rows.slice(i, i + 1000))
    },

    /**
     * Copies each elder's latest status into `elders.status` and `deceased_on`, which the roster filters
     * and the meal counter read: the two never disagree after a transaction that wrote statuses.
     */
    async syncCurrent(tenantId: string, elderIds: string[], exec: Executor = db): Promise<void> {
      for (let i = 0; i < elderIds.length; i += 5000) {
        const part = elderIds.slice(i, i + 5000)
        await exec.execute(sql`update ${elders} e set status = s.status,
            deceased_on = case when s.status = 'deceased' then s.effective_from end, updated_at = now()
          from (select distinct on (elder_id) elder_id, status, effective_from from ${elderStatusHistory}
                where tenant_id = ${tenantId} and elder_id in ${part}
                order by elder_id, effective_from desc, recorded_at desc, id desc) s
          where e.tenant_id = ${tenantId} and e.id = s.elder_id
            and (e.status is distinct from s.status or e.deceased_on is distinct from case when s.status = 'deceased' then s.effective_from end)`)
      }
    },

    /** The need periods still open (one per elder at most). */
    async openNeeds(tenantId: string, elderIds: string[], exec: Executor = db): Promise<Map<string, ElderCareNeedRow>> {
      if (elderIds.length === 0) return new Map()
      const rows = await exec
        .select()
        .from(elderCareNeeds)
        .where(and(eq(elderCareNeeds.tenantId, tenantId), inArray(elderCareNeeds.elderId, elderIds), isNull(elderCareNeeds.validTo)))
      return new Map(rows.map((row) => [row.elderId, row]))
    },

    async insertNeed(row: typeof elderCareNeeds.$inferInsert, exec: Executor = db): Promise<void> {
      await exec.insert(elderCareNeeds).values(row)
    },

    async updateNeed(tenantId: string, id: string, changes: Partial<Pick<ElderCareNeedRow, 'validFrom' | 'validTo' | 'recordedBy'>>, exec: Executor = db): Promise<void> {
      await exec
        .update(elderCareNeeds)
        .set({ ...changes, recordedAt: new Date() })
        .where(and(eq(elderCareNeeds.tenantId, tenantId), eq(elderCareNeeds.id, id)))
    },

    async deleteNeed(tenantId: string, id: string, exec: Executor = db): Promise<void> {
      await exec.delete(elderCareNeeds).where(and(eq(elderCareNeeds.tenantId, tenantId), eq(elderCareNeeds.id, id)))
    },

    /** The latest end of an elder's closed need periods: a corrected start may not reach back over it. */
    async lastClosedNeedEnd(tenantId: string, elderId: string, exec: Executor = db): Promise<string | null> {
      const [row] = await exec
        .select({ end: sql<string | null>`max(${elderCareNeeds.validTo})::text` })
        .from(elderCareNeeds)
        .where(and(eq(elderCareNeeds.tenantId, tenantId), eq(elderCareNeeds.elderId, elderId)))
      return row?.end ?? null
    },
  }
}

export type ElderStatusRepository = ReturnType<typeof elderStatusRepository>

declare module 'fastify' {
  interface FastifyInstance {
    elderStatusRepository: ElderStatusRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('elderStatusRepository', elderStatusRepository(fastify.db))
  },
  { name: 'elder-status-repository', dependencies: ['database'] },
)
