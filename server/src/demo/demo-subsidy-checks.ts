import { schema, uuidv7 } from '@eldercare/db'
import { and, desc, eq, gt, isNull, notExists, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Actor } from '../auth/actor.js'
import { addDays, shanghaiToday } from '../http/dates.js'
import { systemActor } from '../subsidy-checks/subsidy-checks.service.js'

const { mealRecords, elderStatusHistory } = schema

/**
 * 防骗补 as a bureau meets it: two deaths the funeral service reported late (meals went on after), the
 * moves into institutions the concentrated-care demo already holds, then the nightly scan; a few
 * findings confirmed (recovered in this month's settlement) and one dismissed. Runs after the seed's
 * transaction: the checks write findings in transactions of their own.
 */
export async function seedDemoSubsidyChecks(app: FastifyInstance, tenantId: string, bureauAdmin: { id: string; username: string }): Promise<void> {
  const today = shanghaiToday()
  const since = addDays(today, -10)
  const recentEaters = await app.db
    .select({ elderId: mealRecords.elderId, birthDate: schema.elders.birthDate })
    .from(mealRecords)
    .innerJoin(schema.elders, and(eq(schema.elders.tenantId, mealRecords.tenantId), eq(schema.elders.id, mealRecords.elderId)))
    .where(
      and(
        eq(mealRecords.tenantId, tenantId),
        gt(mealRecords.servedOn, since),
        gt(mealRecords.subsidyFen, 0),
        isNull(mealRecords.voidedAt),
        notExists(app.db.select({ one: sql`1` }).from(elderStatusHistory).where(and(eq(elderStatusHistory.tenantId, tenantId), eq(elderStatusHistory.elderId, mealRecords.elderId)))),
      ),
    )
    .groupBy(mealRecords.elderId, schema.elders.birthDate)
    .orderBy(desc(sql`count(*)`), mealRecords.elderId)
    .limit(2)
  await app.db.transaction(async (tx) => {
    const rows = recentEaters.map(({ elderId }, index) => ({ tenantId, id: uuidv7(), elderId, status: 'deceased' as const, effectiveFrom: addDays(since, index * 3), source: 'import' as const, recordedBy: bureauAdmin.id }))
    if (rows.length === 0) return
    await app.elderStatusRepository.insert(rows, tx)
    await app.elderStatusRepository.syncCurrent(tenantId, rows.map((row) => row.elderId), tx)
  })
  await app.subsidyChecksService.scan(systemActor(tenantId))

  const actor: Actor = { tenantId, userId: bureauAdmin.id, username: bureauAdmin.username, role: 'bureau_admin', townCodes: [], facilityIds: [], ip: null }
  const deaths = await app.subsidyChecksService.list(actor, { status: 'open', kind: 'after_death', pageSize: 10 })
  const moves = await app.subsidyChecksService.list(actor, { status: 'open', kind: 'after_move', pageSize: 10 })
  const first = deaths.items.find((item) => item.mealRecordIds.length > 0)
  if (first) await app.subsidyRecoveryService.confirm(actor, first.id, '殡葬管理所火化记录核实，老人去世后仍有就餐补贴')
  if (moves.items[0]) await app.subsidyRecoveryService.confirm(actor, moves.items[0].id, '老人已入住养老机构，经镇街走访核实')
  if (moves.items[1]) await app.subsidyChecksService.dismiss(actor, moves.items[1].id, '老人当日回原社区探亲，在食堂就餐属实')
}
