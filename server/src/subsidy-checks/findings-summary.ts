import { schema, type Executor } from '@eldercare/db'
import { SUBSIDY_CHECK_KINDS, type SubsidyCheckKind, type SubsidyFindingSummary, type SubsidyFindingTownSummary } from '@eldercare/shared'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError } from '../errors.js'

const { subsidyFindings, regions } = schema

/**
 * The open review queue by town and kind, for the dashboard: the same findings the queue lists for
 * `status=open&townCode=…`, so a town's count here is the queue's total there. Town staff get their
 * towns only, as in the queue; the bureau also gets the findings of no town (null), which only the
 * unfiltered queue shows.
 */
export async function openFindingsByTown(db: Executor, actor: Actor): Promise<SubsidyFindingSummary> {
  const scope = scopeOf(actor)
  if (scope.kind === 'facilities') throw new AppError('FORBIDDEN', 'findings are reviewed by town and bureau staff')
  const where = [eq(subsidyFindings.tenantId, actor.tenantId), eq(subsidyFindings.status, 'open')]
  if (scope.kind === 'towns') where.push(scope.townCodes.length > 0 ? inArray(subsidyFindings.townCode, scope.townCodes) : sql`false`)
  const rows = await db
    .select({
      townCode: subsidyFindings.townCode,
      townName: regions.name,
      kind: subsidyFindings.kind,
      count: sql<number>`count(*)::int`,
      // A district's open findings may sum past 2^31 fen; bigint comes back as text, converted below.
      amountFen: sql<string>`coalesce(sum(${subsidyFindings.amountFen}), 0)::bigint`,
    })
    .from(subsidyFindings)
    .leftJoin(regions, and(eq(regions.tenantId, subsidyFindings.tenantId), eq(regions.code, subsidyFindings.townCode)))
    .where(and(...where))
    .groupBy(subsidyFindings.townCode, regions.name, subsidyFindings.kind)

  const towns = new Map<string | null, SubsidyFindingTownSummary>()
  for (const row of rows) {
    const town = towns.get(row.townCode) ?? { townCode: row.townCode, townName: row.townName, count: 0, amountFen: 0, byKind: [] }
    const amountFen = Number(row.amountFen)
    town.count += row.count
    town.amountFen += amountFen
    town.byKind.push({ kind: row.kind as SubsidyCheckKind, count: row.count, amountFen })
    towns.set(row.townCode, town)
  }
  const kindOrder = (kind: SubsidyCheckKind) => SUBSIDY_CHECK_KINDS.indexOf(kind)
  const list = [...towns.values()]
    .map((town) => ({ ...town, byKind: town.byKind.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)) }))
    // By town code, the findings of no town last.
    .sort((a, b) => (a.townCode === null ? 1 : b.townCode === null ? -1 : a.townCode < b.townCode ? -1 : a.townCode > b.townCode ? 1 : 0))
  return {
    towns: list,
    total: { count: list.reduce((sum, town) => sum + town.count, 0), amountFen: list.reduce((sum, town) => sum + town.amountFen, 0) },
  }
}
