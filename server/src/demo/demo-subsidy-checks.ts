import { schema, uuidv7 } from '@eldercare/db'
import { idNumberCheckChar } from '@eldercare/shared'
import { and, desc, eq, gt, isNull, lte, notExists, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import type { Actor } from '../auth/actor.js'
import { addDays, shanghaiDayStart, shanghaiToday } from '../http/dates.js'
import { systemActor } from '../subsidy-checks/subsidy-checks.service.js'

const { mealRecords, elderStatusHistory, elders, facilities } = schema

/** 18:00 in Asia/Shanghai on a day. */
const eveningOf = (day: string) => new Date(shanghaiDayStart(day).getTime() + 18 * 3_600_000)

/**
 * 防骗补 as a bureau meets it, every finding raised by the checks from what the demo seeded: the
 * bureau's ferry setting (本岛 ↔ 金塘岛 90 minutes) with the island meals demo-meals.ts planted, the
 * pick-up point whose delegates collect most meals, deaths the funeral service reported late, the
 * moves into institutions the concentrated-care demo holds, and a 火化名单 imported today. The checks
 * first ran at the end of last month (as of that evening): a few findings were confirmed then and are
 * recovered in last month's settlement; today's run found the rest, one confirmed, one dismissed.
 * Runs after the seed's transaction: the checks write findings in transactions of their own.
 */
export async function seedDemoSubsidyChecks(app: FastifyInstance, tenantId: string, bureauAdmin: { id: string; username: string }, now: Date = new Date()): Promise<void> {
  const today = shanghaiToday(now)
  const lastMonthEnd = addDays(`${today.slice(0, 7)}-01`, -3)
  const actor: Actor = { tenantId, userId: bureauAdmin.id, username: bureauAdmin.username, role: 'bureau_admin', townCodes: [], facilityIds: [], ip: null }
  await app.subsidyCheckSettingsService.update(actor, { twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [{ from: null, to: '金塘岛', minutes: 90 }] })

  // Seven elders eating to the last day: two deaths recorded late (one before the end of last month),
  // two on the list, and three moves the towns learned of late: away (one before the end of last
  // month), into a care home, away again.
  const eaters = await recentEaters(app, tenantId, addDays(today, -10), today, 7)
  const [home] = await app.db.select({ id: facilities.id }).from(facilities).where(and(eq(facilities.tenantId, tenantId), eq(facilities.type, 'institution'))).orderBy(facilities.id).limit(1)
  const changes: { index: number; status: 'deceased' | 'moved_away' | 'in_institution'; effectiveFrom: string }[] = [
    { index: 0, status: 'deceased', effectiveFrom: addDays(lastMonthEnd, -12) },
    { index: 1, status: 'deceased', effectiveFrom: addDays(today, -7) },
    { index: 4, status: 'moved_away', effectiveFrom: addDays(lastMonthEnd, -10) },
    { index: 5, status: 'in_institution', effectiveFrom: addDays(today, -8) },
    { index: 6, status: 'moved_away', effectiveFrom: addDays(today, -5) },
  ]
  const statuses = changes.flatMap(({ index, status, effectiveFrom }) => {
    const eater = eaters[index]
    if (!eater || (status === 'in_institution' && !home)) return []
    return [{ tenantId, id: uuidv7(), elderId: eater.elderId, status, effectiveFrom, institutionId: status === 'in_institution' ? home!.id : null, source: 'form' as const, recordedBy: bureauAdmin.id }]
  })
  if (statuses.length > 0) {
    await app.db.transaction(async (tx) => {
      await app.elderStatusRepository.insert(statuses, tx)
      await app.elderStatusRepository.syncCurrent(tenantId, statuses.map((row) => row.elderId), tx)
    })
  }

  // The end of last month: the first run, and the bureau's decisions that evening.
  const then = eveningOf(lastMonthEnd)
  const decidedThen = new Date(then.getTime() + 3_600_000)
  await app.subsidyChecksService.scan(systemActor(tenantId), { asOf: then })
  const open = async (kind: 'after_death' | 'after_move' | 'two_places' | 'delegate_heavy' | 'external_list') => (await app.subsidyChecksService.list(actor, { status: 'open', kind, pageSize: 10 })).items
  const earlyDeath = (await open('after_death')).find((item) => item.mealRecordIds.length > 0)
  if (earlyDeath) await app.subsidyRecoveryService.confirm(actor, earlyDeath.id, '殡葬管理所火化记录核实，老人去世后仍有就餐补贴', decidedThen)
  const [earlyMove] = await open('after_move')
  if (earlyMove) await app.subsidyRecoveryService.confirm(actor, earlyMove.id, '老人已入住养老机构，经镇街走访核实', decidedThen)
  const [earlyIsland] = await open('two_places')
  if (earlyIsland) await app.subsidyRecoveryService.confirm(actor, earlyIsland.id, '老人当日在金塘岛就餐，本岛晚餐系代录，已责令整改', decidedThen)
  const [earlyDelegates] = await open('delegate_heavy')
  if (earlyDelegates) await app.subsidyRecoveryService.confirm(actor, earlyDelegates.id, '代领人多为同一邻居，已约谈助餐点并补签代领授权', decidedThen)

  // Today: the funeral service's list (two of the roster's elders, one person not in it), then the run.
  if (eaters.length >= 4) {
    const list = await deathList(eaters.slice(2, 4).map((eater, index) => ({ ...eater, deceasedOn: addDays(today, -6 + index * 2) })))
    await app.externalListsService.importList(actor, list, '定海区殡葬管理所火化人员名单.xlsx', false)
  }
  await app.subsidyChecksService.scan(systemActor(tenantId), { asOf: now })
  const [move, otherMove] = await open('after_move')
  if (move) await app.subsidyRecoveryService.confirm(actor, move.id, '老人已入住养老机构，经镇街走访核实', now)
  if (otherMove) await app.subsidyChecksService.dismiss(actor, otherMove.id, '老人当日回原社区探亲，在食堂就餐属实', now)
}

/** Elders still 在册 with the most subsidised meals in the days before today, and their 身份证号. */
async function recentEaters(app: FastifyInstance, tenantId: string, since: string, today: string, count: number) {
  const rows = await app.db
    .select({ elderId: mealRecords.elderId, name: elders.name, idNumberEncrypted: elders.idNumberEncrypted })
    .from(mealRecords)
    .innerJoin(elders, and(eq(elders.tenantId, mealRecords.tenantId), eq(elders.id, mealRecords.elderId)))
    .where(
      and(
        eq(mealRecords.tenantId, tenantId),
        gt(mealRecords.servedOn, since),
        lte(mealRecords.servedOn, today),
        gt(mealRecords.subsidyFen, 0),
        isNull(mealRecords.voidedAt),
        notExists(app.db.select({ one: sql`1` }).from(elderStatusHistory).where(and(eq(elderStatusHistory.tenantId, tenantId), eq(elderStatusHistory.elderId, mealRecords.elderId)))),
      ),
    )
    .groupBy(mealRecords.elderId, elders.name, elders.idNumberEncrypted)
    .orderBy(desc(sql`count(*)`), mealRecords.elderId)
    .limit(count)
  return rows.map((row) => ({ elderId: row.elderId, name: row.name, idNumber: app.pii.decrypt(row.idNumberEncrypted) }))
}

/** A 火化人员名单 as the funeral service sends it: a title row, 身份证号 as text, a 死亡日期 column. */
async function deathList(deaths: { name: string; idNumber: string; deceasedOn: string }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('火化名单')
  sheet.addRow(['定海区殡葬管理所火化人员名单'])
  sheet.addRow(['序号', '姓名', '身份证号', '死亡日期'])
  deaths.forEach((death, index) => sheet.addRow([index + 1, death.name, death.idNumber, death.deceasedOn]))
  // Someone from 普陀区 cremated here: not in the roster, reported as unknown.
  const outsider = '33090319380312901'
  sheet.addRow([deaths.length + 1, '外区人员', outsider + idNumberCheckChar(outsider), deaths[0]?.deceasedOn ?? ''])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
