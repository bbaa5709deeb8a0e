import type { CardTransaction, LedgerEntry } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import TransactionDialog from '../transaction-dialog.vue'
import { AUTO_ATTEMPTS, toTransactionBody, emptyTransactionForm } from '../use-card-transaction'
import { careCard, json, settings } from './fixtures'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const card = careCard()

const fetchMock = vi.fn<typeof fetch>()
const posted: CardTransaction[] = []
/** How each POST is answered; a test replaces it to lose answers. */
let answer: (body: CardTransaction) => Response | Promise<Response>

function entry(body: CardTransaction): LedgerEntry {
  return {
    id: body.id,
    cardId: card.id,
    purse: 'general',
    kind: body.kind,
    amountFen: body.amountFen,
    balanceAfterFen: card.balanceFen + body.amountFen,
    referenceId: null,
    facilityId: null,
    serviceType: null,
    note: body.note ?? null,
    createdAt: new Date().toISOString(),
  }
}

let wrapper: VueWrapper | null = null

async function openTopUp(): Promise<VueWrapper> {
  wrapper = mount(TransactionDialog, {
    props: { visible: false, card, kind: 'top_up', settings },
    global: { plugins: [createPinia(), i18n] },
    attachTo: document.body,
  })
  await wrapper.setProps({ visible: true })
  await flushPromises()
  return wrapper
}

async function topUp(w: VueWrapper, amount: string): Promise<void> {
  const input = w.get('input[data-test="transaction-amount"]')
  await input.setValue(amount)
  await input.trigger('blur')
  await w.get('[data-test="transaction-submit"]').trigger('click')
  await flushPromises()
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  posted.length = 0
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  answer = (body) => json(201, entry(body))
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === `/api/v1/care-cards/${card.id}/transactions` && init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as CardTransaction
      posted.push(body)
      return answer(body)
    }
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('card top-up', () => {
  it('turns yuan into integer fen from the text, never through a float', () => {
    const body = (amount: string) => toTransactionBody('id', 'top_up', { ...emptyTransactionForm(), amount })?.amountFen
    expect(body('100')).toBe(10000)
    expect(body('12.34')).toBe(1234)
    expect(body('0.29')).toBe(29)
    expect(body('19.99')).toBe(1999)
    expect(body('１２．５')).toBe(1250)
    expect(body('0')).toBeUndefined()
    expect(body('1.005')).toBeUndefined()
    expect(body('-5')).toBeUndefined()
  })

  it('sends the amount in fen with a new UUID made by the client', async () => {
    const w = await openTopUp()
    await w.get('input[data-test="transaction-amount"]').setValue('12.34')
    expect(w.text()).toContain('= 1234 分')

    await topUp(w, '0.29')

    expect(posted).toEqual([{ id: expect.stringMatching(UUID), kind: 'top_up', amountFen: 29 }])
    expect(w.emitted('success')?.[0]?.[0]).toMatchObject({ id: posted[0]!.id, amountFen: 29 })
    expect(w.emitted('update:visible')?.at(-1)).toEqual([false])
  })

  it('sends the same transaction again, same id, when the answer is lost to the network', async () => {
    let attempts = 0
    answer = (body) => {
      attempts += 1
      if (attempts === 1) throw new TypeError('Failed to fetch')
      return json(201, entry(body))
    }
    const w = await openTopUp()

    await topUp(w, '12.34')

    expect(posted).toHaveLength(1)
    expect(w.get('[data-test="transaction-lost"]').text()).toContain('尚不确定是否已入账')
    expect(w.get('input[data-test="transaction-amount"]').attributes('disabled')).toBeDefined()
    expect(w.emitted('success')).toBeUndefined()

    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()

    expect(posted).toHaveLength(2)
    expect(posted[1]).toEqual(posted[0])
    expect(posted[1]).toEqual({ id: expect.stringMatching(UUID), kind: 'top_up', amountFen: 1234 })
    expect(w.emitted('success')).toHaveLength(1)
  })

  it('leaves the retry to the user after a few attempts, and still sends the same id', async () => {
    answer = () => {
      throw new TypeError('Failed to fetch')
    }
    const w = await openTopUp()
    await topUp(w, '50')
    await vi.advanceTimersByTimeAsync(60_000)
    await flushPromises()
    expect(posted).toHaveLength(AUTO_ATTEMPTS)

    answer = (body) => json(200, entry(body))
    const retry = w.get('[data-test="transaction-submit"]')
    expect(retry.text()).toContain('重试')
    await retry.trigger('click')
    await flushPromises()

    expect(posted).toHaveLength(AUTO_ATTEMPTS + 1)
    expect(new Set(posted.map((body) => body.id)).size).toBe(1)
    expect(posted.every((body) => body.amountFen === 5000)).toBe(true)
    expect(w.emitted('success')).toHaveLength(1)
  })

  it('does not retry a refusal: the server said no', async () => {
    answer = () => json(409, { statusCode: 409, code: 'CARD_CANCELLED', message: 'the card is cancelled' })
    const w = await openTopUp()

    await topUp(w, '10')
    await vi.advanceTimersByTimeAsync(60_000)

    expect(posted).toHaveLength(1)
    expect(w.find('[data-test="transaction-lost"]').exists()).toBe(false)
    expect(document.body.textContent).toContain('该爱心卡已注销')
  })
})
