import { schema, type Executor } from '@eldercare/db'
import { WORK_PLAN_TARGETS } from '@eldercare/shared'
import type { FastifyInstance } from 'fastify'
import type { Random } from './random.js'

/**
 * Population figures for every community (last year and this year, 户籍), a position for most
 * communities around Dinghai's islands, and this year's targets copied from the 2024 work plan.
 * Invented numbers of plausible size: Dinghai has about 390,000 people, about a third of them 60+.
 */
export async function seedDemoIndicators(app: FastifyInstance, tenantId: string, userId: string, random: Random, today: string, tx: Executor): Promise<void> {
  const year = Number(today.slice(0, 4))
  const communities = await app.regionsRepository.list(tenantId, { level: 'community' }, tx)
  const rows = []
  for (const community of communities) {
    const total = random.int(800, 6000)
    const elderly = Math.round(total * (0.26 + random.next() * 0.14))
    const oldest = Math.round(elderly * (0.12 + random.next() * 0.08))
    for (const [y, growth] of [
      [year - 1, 0.98],
      [year, 1],
    ] as const) {
      rows.push({
        tenantId,
        communityCode: community.code,
        year: y,
        basis: 'registered' as const,
        population60Plus: Math.round(elderly * growth),
        population80Plus: Math.round(oldest * growth),
        populationTotal: total,
        updatedBy: userId,
      })
    }
    // Most villages have a known centre; a few are left for the bureau to fill in.
    if (random.chance(0.9)) {
      const island = community.island !== null
      await app.regionsRepository.update(
        tenantId,
        community.code,
        {
          latitude: Number(((island ? 29.9 : 29.98) + random.next() * (island ? 0.35 : 0.16)).toFixed(5)),
          longitude: Number(((island ? 121.85 : 122.02) + random.next() * (island ? 0.4 : 0.16)).toFixed(5)),
        },
        tx,
      )
    }
  }
  await app.populationStatsRepository.upsert(rows, tx)
  await tx.insert(schema.indicatorTargets).values([2024, year].flatMap((y) => WORK_PLAN_TARGETS.map((target) => ({ tenantId, year: y, ...target })))).onConflictDoNothing()
}
