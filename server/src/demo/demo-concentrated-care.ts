import { uuidv7, type Executor } from '@eldercare/db'
import type { FastifyInstance } from 'fastify'
import { addDays, shanghaiToday } from '../http/dates.js'
import { concentratedCareGround } from '../indicators/concentrated-care.js'
import type { DemoMealElder } from './demo-meals.js'
import type { Random } from './random.js'

/** A day between `from` and `to` (both included), never after today. */
function dayBetween(random: Random, from: string, to: string): string {
  const span = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000))
  return addDays(from, random.int(0, span))
}

/**
 * 集中供养 as town staff keep it: most eligible elders (特困, 低保/低边 with 重度失能) have their need
 * recorded; about three in four of those already live in an institution (some moved in this year), the
 * rest are the gap the dashboard lists. Every date is on or before today.
 */
export async function seedDemoConcentratedCare(
  app: FastifyInstance,
  tenantId: string,
  elders: DemoMealElder[],
  recordedBy: string,
  random: Random,
  tx: Executor,
): Promise<void> {
  const today = shanghaiToday()
  const institutions = (await app.institutionsRepository.allInstitutions(tenantId, {}, tx)).filter((row) => row.openedOn <= today && (row.closedOn === null || row.closedOn > today))
  if (institutions.length === 0) return
  const lastMonth = addDays(today, -30)
  const needs = []
  const statuses = []
  for (const elder of elders) {
    if (!concentratedCareGround({ categories: elder.categories.map((category) => ({ ...category, endOn: null })) }, today) || !random.chance(0.85)) continue
    const eligibleSince = elder.categories.map((category) => category.startOn).sort()[0]!
    const since = dayBetween(random, eligibleSince > '2023-01-01' ? eligibleSince : '2023-01-01', lastMonth)
    needs.push({ tenantId, id: uuidv7(), elderId: elder.id, validFrom: since, recordedBy })
    if (!random.chance(0.75)) continue
    const nearby = institutions.filter((row) => row.townCode === elder.communityCode.slice(0, 9))
    const home = random.pick(nearby.length > 0 ? nearby : institutions)
    const movedIn = dayBetween(random, since > home.openedOn ? since : home.openedOn, today)
    statuses.push({ tenantId, id: uuidv7(), elderId: elder.id, status: 'in_institution' as const, institutionId: home.id, effectiveFrom: movedIn, source: 'form' as const, recordedBy })
  }
  for (const row of needs) await app.elderStatusRepository.insertNeed(row, tx)
  await app.elderStatusRepository.insert(statuses, tx)
  await app.elderStatusRepository.syncCurrent(tenantId, statuses.map((row) => row.elderId), tx)
}
