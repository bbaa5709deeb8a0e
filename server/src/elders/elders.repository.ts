import { schema, type Executor } from '@eldercare/db'
import type { ElderCategory, ElderStatus } from '@eldercare/shared'
import { and, asc, count, eq, ilike, inArray, isNull, like, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { elders, elderCategories, elderPickupDelegates, regions } = schema
export type ElderRow = typeof elders.$inferSelect
export type ElderInsert = typeof elders.$inferInsert
export type ElderCategoryRow = typeof elderCategories.$inferSelect
export type ElderDelegateRow = typeof elderPickupDelegates.$inferSelect

/** An elder with the community's name and its categories and delegates, as a response needs them. */
export type ElderView = ElderRow & { communityName: string; categories: ElderCategoryRow[]; delegates: ElderDelegateRow[] }

/** How the search box text is matched; the service decides which applies. */
export type ElderSearch =
  | { kind: 'name'; text: string }
  | { kind: 'initials'; prefix: string }
  | { kind: 'idTail'; tail: string }
  | { kind: 'idHash'; hash: string }
  | { kind: 'phoneHash'; hash: string }

export interface ElderFilter {
  search?: ElderSearch
  communityCode?: string
  townCode?: string
  category?: ElderCategory
  status?: ElderStatus
  /** Access scope: only elders living in these towns / these communities. */
  scopeTownCodes?: string[]
  scopeCommunityCodes?: string[]
  /** Day the category filter looks at. */
  today: string
}

/** Rows per INSERT: big enough to be fast, small enough to stay under the 65,535-parameter limit. */
const CHUNK = 1000

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}

function eldersRepository(db: Executor) {
  function conditions(tenantId: string, filter: ElderFilter): SQL[] {
    const where: SQL[] = [eq(elders.tenantId, tenantId)]
    const search = filter.search
    if (search?.kind === 'name') where.push(ilike(elders.name, `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
    if (search?.kind === 'initials') where.push(like(elders.nameInitials, `${search.prefix}%`))
    if (search?.kind === 'idTail') where.push(eq(elders.idNumberTail, search.tail))
    if (search?.kind === 'idHash') where.push(eq(elders.idNumberHash, search.hash))
    if (search?.kind === 'phoneHash') where.push(eq(elders.phoneHash, search.hash))
    if (filter.communityCode) where.push(eq(elders.communityCode, filter.communityCode))
    if (filter.townCode) where.push(like(elders.communityCode, `${filter.townCode}%`))
    if (filter.status) where.push(eq(elders.status, filter.status))
    if (filter.category) {
      // The outer table is named explicitly: without a join Drizzle renders its columns unqualified.
      where.push(sql`exists (select 1 from ${elderCategories} c where c.tenant_id = "elders"."tenant_id" and c.elder_id = "elders"."id"
        and c.category = ${filter.category} and c.start_on <= ${filter.today}::date and (c.end_on is null or c.end_on >= ${filter.today}::date))`)
    }
    if (filter.scopeTownCodes) {
      where.push(filter.scopeTownCodes.length > 0 ? sql`substr(${elders.communityCode}, 1, 9) in ${filter.scopeTownCodes}` : sql`false`)
    }
    if (filter.scopeCommunityCodes) {
      where.push(filter.scopeCommunityCodes.length > 0 ? inArray(elders.communityCode, filter.scopeCommunityCodes) : sql`false`)
    }
    return where
  }

  async function withDetails(tenantId: string, rows: (ElderRow & { communityName: string })[], exec: Executor): Promise<ElderView[]> {
    if (rows.length === 0) return []
    const ids = rows.map((row) => row.id)
    const [categoryRows, delegateRows] = await Promise.all([
      exec
        .select()
        .from(elderCategories)
        .where(and(eq(elderCategories.tenantId, tenantId), inArray(elderCategories.elderId, ids)))
        .orderBy(asc(elderCategories.startOn)),
      exec
        .select()
        .from(elderPickupDelegates)
        .where(and(eq(elderPickupDelegates.tenantId, tenantId), inArray(elderPickupDelegates.elderId, ids)))
        .orderBy(asc(elderPickupDelegates.name)),
    ])
    return rows.map((row) => ({
      ...row,
      categories: categoryRows.filter((category) => category.elderId === row.id),
      delegates: delegateRows.filter((delegate) => delegate.elderId === row.id),
    }))
  }

  function selectWithCommunity(exec: Executor) {
    return exec
      .select({ elder: elders, communityName: regions.name })
      .from(elders)
      .innerJoin(regions, and(eq(regions.tenantId, elders.tenantId), eq(regions.code, elders.communityCode)))
  }

  return {
    async list(tenantId: string, filter: ElderFilter, page: number, pageSize: number): Promise<{ rows: ElderView[]; total: number }> {
      const where = and(...conditions(tenantId, filter))
      const rows = await selectWithCommunity(db)
        .where(where)
        .orderBy(asc(elders.communityCode), asc(elders.name), asc(elders.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [totalRow] = await db.select({ total: count() }).from(elders).where(where)
      const flat = rows.map((row) => ({ ...row.elder, communityName: row.communityName }))
      return { rows: await withDetails(tenantId, flat, db), total: totalRow?.total ?? 0 }
    },

    /** Every elder matching the filter, for the export; in pages of the primary key to bound memory per query. */
    async *all(tenantId: string, filter: ElderFilter): AsyncGenerator<ElderView[]> {
      let after: string | null = null
      for (;;) {
        const where = and(...conditions(tenantId, filter), ...(after ? [sql`${elders.id} > ${after}`] : []))
        const rows = await selectWithCommunity(db).where(where).orderBy(asc(elders.id)).limit(2000)
        if (rows.length === 0) return
        yield await withDetails(tenantId, rows.map((row) => ({ ...row.elder, communityName: row.communityName })), db)
        after = rows[rows.length - 1]!.elder.id
      }
    },

    async findView(tenantId: string, id: string, exec: Executor = db): Promise<ElderView | undefined> {
      const [row] = await selectWithCommunity(exec).where(and(eq(elders.tenantId, tenantId), eq(elders.id, id)))
      if (!row) return undefined
      return (await withDetails(tenantId, [{ ...row.elder, communityName: row.communityName }], exec))[0]
    },

    /** Id of each elder whose 身份证号 HMAC is among `hashes`. */
    async idsByHash(tenantId: string, hashes: string[], exec: Executor = db): Promise<Map<string, string>> {
      const found = new Map<string, string>()
      for (const part of chunks(hashes, 5000)) {
        const rows = await exec
          .select({ id: elders.id, hash: elders.idNumberHash })
          .from(elders)
          .where(and(eq(elders.tenantId, tenantId), inArray(elders.idNumberHash, part)))
        for (const row of rows) found.set(row.hash, row.id)
      }
      return found
    },

    async insert(row: ElderInsert, exec: Executor = db): Promise<void> {
      await exec.insert(elders).values(row)
    },

    async update(tenantId: string, id: string, changes: Partial<ElderInsert>, exec: Executor = db): Promise<void> {
      await exec
        .update(elders)
        .set({ ...changes, updatedAt: new Date() })
        .where(and(eq(elders.tenantId, tenantId), eq(elders.id, id)))
    },

    /**
     * Inserts new elders and updates known ones (same 身份证号 HMAC) in multi-row statements.
     * The caller has already decided which rows are new; the upsert still protects against a race.
     */
    async upsertMany(rows: ElderInsert[], exec: Executor = db): Promise<void> {
      for (const part of chunks(rows)) {
        await exec
          .insert(elders)
          .values(part)
          .onConflictDoUpdate({
            target: [elders.tenantId, elders.idNumberHash],
            set: {
              name: sql`excluded.name`,
              nameInitials: sql`excluded.name_initials`,
              phoneEncrypted: sql`coalesce(excluded.phone_encrypted, ${elders.phoneEncrypted})`,
              phoneHash: sql`coalesce(excluded.phone_hash, ${elders.phoneHash})`,
              communityCode: sql`excluded.community_code`,
              status: sql`excluded.status`,
              deceasedOn: sql`excluded.deceased_on`,
              dietaryNotes: sql`coalesce(excluded.dietary_notes, ${elders.dietaryNotes})`,
              updatedAt: sql`now()`,
            },
          })
      }
    },

    async openCategories(tenantId: string, elderIds: string[], exec: Executor = db): Promise<ElderCategoryRow[]> {
      const result: ElderCategoryRow[] = []
      for (const part of chunks(elderIds, 5000)) {
        result.push(
          ...(await exec
            .select()
            .from(elderCategories)
            .where(and(eq(elderCategories.tenantId, tenantId), inArray(elderCategories.elderId, part), isNull(elderCategories.endOn)))),
        )
      }
      return result
    },

    async insertCategories(rows: (typeof elderCategories.$inferInsert)[], exec: Executor = db): Promise<void> {
      for (const part of chunks(rows)) await exec.insert(elderCategories).values(part)
    },

    async endCategories(tenantId: string, ids: string[], endOn: string, exec: Executor = db): Promise<void> {
      for (const part of chunks(ids, 5000)) {
        await exec
          .update(elderCategories)
          .set({ endOn })
          .where(and(eq(elderCategories.tenantId, tenantId), inArray(elderCategories.id, part)))
      }
    },

    async replaceCategories(tenantId: string, elderId: string, rows: (typeof elderCategories.$inferInsert)[], exec: Executor = db) {
      await exec.delete(elderCategories).where(and(eq(elderCategories.tenantId, tenantId), eq(elderCategories.elderId, elderId)))
      if (rows.length > 0) await exec.insert(elderCategories).values(rows)
    },

    async replaceDelegates(tenantId: string, elderIds: string[], rows: (typeof elderPickupDelegates.$inferInsert)[], exec: Executor = db) {
      for (const part of chunks(elderIds, 5000)) {
        await exec
          .delete(elderPickupDelegates)
          .where(and(eq(elderPickupDelegates.tenantId, tenantId), inArray(elderPickupDelegates.elderId, part)))
      }
      for (const part of chunks(rows)) await exec.insert(elderPickupDelegates).values(part)
    },

    /** Names and codes of the communities an elder can live in, for resolving imported names. */
    async communities(tenantId: string, exec: Executor = db) {
      return exec
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .where(and(eq(regions.tenantId, tenantId), eq(regions.level, 'community')))
    },
  }
}

export type EldersRepository = ReturnType<typeof eldersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    eldersRepository: EldersRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('eldersRepository', eldersRepository(fastify.db))
  },
  { name: 'elders-repository', dependencies: ['database'] },
)
