import { randomUUID } from 'node:crypto'
import { uuidv7 } from '@eldercare/db'
import type { Facility } from '@eldercare/shared'
import { identityColumns, nameInitials } from '../../server/src/elders/elder-identity.js'
import { shanghaiToday } from '../../server/src/http/dates.js'
import { as, createTestApp, seedTenant, signIn } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { httpClient, ms, rate, runLoad, type LoadResult } from './load.js'

const CONCURRENCY = 50
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const CARDS = 1000

/**
 * Card payments through the API on PostgreSQL: spread over 1,000 cards and all on one card, each beside
 * single meal POSTs (the meal benchmark's operation) measured in the same run.
 */
export async function run(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  const test = await createTestApp({ DATABASE_POOL_SIZE: '20' })
  try {
    const { app } = test
    const tenant = await seedTenant(app, '330902')
    const admin = as(app, (await signIn(app, '330902', 'bureau_admin')).accessToken)
    const canteen = (
      await admin({
        method: 'POST',
        url: '/api/v1/facilities',
        payload: { name: '压测食堂', type: 'canteen', communityCode: '330902001001', address: '压测路', openedOn: '2020-01-01', mealSlots: ['breakfast', 'lunch', 'dinner'], mealModes: ['dine_in'] },
      })
    ).json<Facility>()
    await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: [canteen.id] } })
    await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { subsidisedMealsPerSlot: 1, backDatingDays: 62, kitchenOrderCutoff: '16:00' } })
    const elderIds = Array.from({ length: CARDS }, () => uuidv7())
    await app.eldersRepository.upsertMany(
      elderIds.map((id, i) => {
        const birth = new Date(Date.UTC(1930, 0, 1 + i)).toISOString().slice(0, 10)
        return { tenantId: tenant.tenantId, id, ...identityColumns(makeIdNumber(birth, '101'), app.pii), name: `老人${i}`, nameInitials: nameInitials(`老人${i}`), communityCode: '330902001001' }
      }),
    )
    const cardIds: string[] = []
    for (const elderId of elderIds) {
      const card = (await admin({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId } })).json<{ id: string }>()
      await admin({ method: 'POST', url: `/api/v1/care-cards/${card.id}/transactions`, payload: { id: uuidv7(), kind: 'top_up', amountFen: 10_000_000 } })
      cardIds.push(card.id)
    }
    const staffToken = (await signIn(app, '330902', 'bureau_staff')).accessToken
    const operatorToken = (await signIn(app, '330902', 'canteen_operator')).accessToken
    const client = httpClient(await app.listen({ host: '127.0.0.1', port: 0 }), CONCURRENCY)
    const today = shanghaiToday()

    const meals = await runLoad(CONCURRENCY, SECONDS, async (i) => {
      const day = new Date(`${today}T00:00:00Z`)
      day.setUTCDate(day.getUTCDate() - (Math.floor(i / (CARDS * 3)) % 60))
      const meal = {
        id: randomUUID(),
        elderId: elderIds[i % CARDS]!,
        facilityId: canteen.id,
        servedOn: day.toISOString().slice(0, 10),
        slot: (['breakfast', 'lunch', 'dinner'] as const)[Math.floor(i / CARDS) % 3],
        mode: 'dine_in',
        priceFen: 1200,
        paymentMethod: 'cash',
      }
      return (await client('POST', '/api/v1/meal-records', operatorToken, meal)).status === 201
    })
    const payment = (cardId: string) => async () =>
      (await client('POST', `/api/v1/care-cards/${cardId}/transactions`, staffToken, { id: randomUUID(), kind: 'service_payment', amountFen: 100, facilityId: canteen.id, serviceType: '助洁' })).status === 201
    const spread = await runLoad(CONCURRENCY, SECONDS, (i) => payment(cardIds[i % CARDS]!)())
    const hot = await runLoad(CONCURRENCY, SECONDS, () => payment(cardIds[0]!)())
    const reconciliation = (await admin({ method: 'GET', url: '/api/v1/care-cards/reconciliation' })).json<{ mismatches: unknown[] }>()

    const line = (label: string, result: LoadResult) =>
      console.log(`${label.padEnd(40)} ${rate(result.perSecond).padStart(7)} /s  p50 ${ms(result.p50).padStart(9)}  p99 ${ms(result.p99).padStart(9)}  errors ${result.errors}  ×${(result.perSecond / meals.perSecond).toFixed(2)} meal POST`)
    console.log(`card payments on PostgreSQL, ${CONCURRENCY} concurrent clients, ${SECONDS} s each, one API process (pool ${test.config.databasePoolSize})`)
    line('baseline: POST /meal-records (cash)', meals)
    line(`payments spread over ${CARDS} cards`, spread)
    line('payments all on one card', hot)
    console.log(`reconciliation after the run: ${reconciliation.mismatches.length} mismatching purses`)
  } finally {
    await test.close()
  }
}
