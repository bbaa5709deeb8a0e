/**
 * Money under concurrency: meaningful on PostgreSQL (TEST_DATABASE_URL); on PGlite, which runs one
 * statement at a time, the same assertions hold trivially.
 */
import type { CareCard, Reconciliation } from '@eldercare/shared'
import { uuidv7 } from '@eldercare/db'
import { describe, expect, it } from 'vitest'
import { makeIdNumber } from './id-numbers.js'
import { useMealFixture } from './meal-fixture.js'

const f = useMealFixture()

/** Each card's elder gets the next sequence number: random ones collided now and then (a 409, no elder, no card). */
let nextSequence = 500
async function newCard(name: string, topUpFen: number): Promise<CareCard> {
  const elder = (await f.bureau({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: makeIdNumber('1940-03-03', String(nextSequence++)), name, communityCode: '330902001001' } })).json()
  const card = (await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: elder.id } })).json<CareCard>()
  if (topUpFen > 0) await f.bureau({ method: 'POST', url: `/api/v1/care-cards/${card.id}/transactions`, payload: { id: uuidv7(), kind: 'top_up', amountFen: topUpFen } })
  return card
}

const pay = (cardId: string, id: string, amountFen: number) =>
  f.bureau({ method: 'POST', url: `/api/v1/care-cards/${cardId}/transactions`, payload: { id, kind: 'service_payment', amountFen, facilityId: f.canteen.id, serviceType: '助洁' } })
const balance = async (id: string) => (await f.bureau({ method: 'GET', url: `/api/v1/care-cards/${id}` })).json<CareCard>().balanceFen
const reconcile = async () => (await f.bureau({ method: 'GET', url: '/api/v1/care-cards/reconciliation' })).json<Reconciliation>()

describe(`card payments under concurrency (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('200 concurrent payments against a balance that covers 50: exactly 50 succeed', async () => {
    const card = await newCard('并发甲', 5000)
    const ids = Array.from({ length: 200 }, () => uuidv7())
    const responses = await Promise.all(ids.map((id) => pay(card.id, id, 100)))
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 201)).toHaveLength(50)
    expect(statuses.filter((s) => s === 409)).toHaveLength(150)
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'CARD_INSUFFICIENT_BALANCE')).toBe(true)
    expect(await balance(card.id)).toBe(0)
    expect((await reconcile()).mismatches).toEqual([])

    // Every operation retried 3 times in parallel: the successful ones answer their first result, nothing moves.
    const retries = await Promise.all([...ids, ...ids, ...ids].map((id) => pay(card.id, id, 100)))
    const succeeded = new Set(ids.filter((_, i) => statuses[i] === 201))
    for (const [i, response] of retries.entries()) {
      const id = ids[i % 200]!
      if (succeeded.has(id)) expect(response.statusCode, id).toBe(200)
      else expect(response.json().code).toBe('CARD_INSUFFICIENT_BALANCE')
    }
    expect(await balance(card.id)).toBe(0)
  })

  it('10 cards with mixed credits and debits end where a one-at-a-time replay of the successes ends', async () => {
    const cards = await Promise.all(Array.from({ length: 10 }, (_, i) => newCard(`并发乙${i}`, 1000)))
    const operations = Array.from({ length: 300 }, (_, i) => ({
      id: uuidv7(),
      card: cards[i % 10]!,
      kind: i % 3 === 0 ? ('top_up' as const) : ('service_payment' as const),
      amountFen: 100 + (i % 7) * 50,
    }))
    const send = (op: (typeof operations)[number]) =>
      op.kind === 'top_up'
        ? f.bureau({ method: 'POST', url: `/api/v1/care-cards/${op.card.id}/transactions`, payload: { id: op.id, kind: 'top_up', amountFen: op.amountFen } })
        : pay(op.card.id, op.id, op.amountFen)
    const responses = await Promise.all(operations.map(send))
    const expected = new Map(cards.map((card) => [card.id, 1000]))
    operations.forEach((op, i) => {
      if (responses[i]!.statusCode !== 201) return
      expected.set(op.card.id, expected.get(op.card.id)! + (op.kind === 'top_up' ? op.amountFen : -op.amountFen))
    })
    for (const card of cards) expect(await balance(card.id)).toBe(expected.get(card.id))
    expect(Math.min(...expected.values())).toBeGreaterThanOrEqual(0)

    // Retries answer what the first attempt got: the first result, or the same refusal.
    const retried = await Promise.all([...operations, ...operations, ...operations].map(send))
    expect(retried.filter((r) => r.statusCode === 201)).toHaveLength(0)
    retried.forEach((response, i) => expect(response.statusCode).toBe(responses[i % operations.length]!.statusCode === 201 ? 200 : 409))
    for (const card of cards) expect(await balance(card.id)).toBe(expected.get(card.id))
    expect((await reconcile()).mismatches).toEqual([])
  })
})
