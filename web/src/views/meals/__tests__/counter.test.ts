import type { CareCard, CurrentUser, Elder, Facility, MealDaySummary, MealRecord, MealRecordCreate, MealSync } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import Counter from '../counter.vue'
import { COUNTER_STORAGE_KEY } from '../use-counter'
import { counterDb } from '../offline/counter-db'

const FACILITY = '0190a0b0-0000-7000-8000-0000000000f1'
const TODAY = '2024-05-20'
/** 11:30 in Asia/Shanghai: lunch time. */
const NOW = new Date('2024-05-20T03:30:00.000Z')
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const operator: CurrentUser = {
  id: '0190a0b0-0000-7000-8000-000000000005',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: 'canteen_operator',
  displayName: '幸福食堂经办人',
  role: 'canteen_operator',
  townCodes: [],
  facilityIds: [FACILITY],
  mustChangePassword: false,
}

const canteen: Facility = {
  id: FACILITY,
  name: '北园社区幸福食堂',
  type: 'canteen',
  communityCode: '330902002004',
  address: '北园社区68号',
  latitude: null,
  longitude: null,
  operatorOrg: null,
  contactName: null,
  contactPhoneMasked: null,
  openedOn: '2022-06-03',
  closedOn: null,
  mealSlots: ['lunch', 'dinner'],
  mealModes: ['dine_in', 'pickup'],
  dailyCapacity: { lunch: 72 },
  tags: [],
  tagHistory: [],
  supplierKitchenId: null,
  townCode: '330902002',
  townName: '昌国街道',
  communityName: '北园社区居委会',
  island: null,
  status: 'active',
  serviceAreaCount: 1,
  updatedAt: '2024-05-01T00:00:00.000Z',
}

function elder(id: string, name: string, tail: string): Elder {
  return {
    id,
    idNumberMasked: `330902********${tail}`,
    name,
    gender: 'female',
    age: 84,
    phoneMasked: null,
    communityCode: '330902002004',
    communityName: '北园社区居委会',
    townCode: '330902002',
    categories: [{ category: 'living_alone', level: null, startOn: '2020-01-01', endOn: null }],
    advancedAge: true,
    status: 'active',
    statusSince: '2024-01-01',
    institutionId: null,
    institutionName: null,
    deceasedOn: null,
    concentratedCareNeedSince: null,
    dietaryNotes: null,
    pickupDelegates: [],
    updatedAt: '2024-05-01T00:00:00.000Z',
  }
}

const zhang = elder('0190a0b0-0000-7000-8000-00000000e001', '张桂英', '4235')
const zhou = elder('0190a0b0-0000-7000-8000-00000000e002', '周爱国', '1002')

/** 周爱国's care card; the fake API takes each card meal's self-pay off its balance. */
const ZHOU_CARD_NO = '33090287654321'
let zhouCard: CareCard

function careCard(status: CareCard['status']): CareCard {
  return {
    id: '0190a0b0-0000-7000-8000-0000000c0002',
    cardNo: ZHOU_CARD_NO,
    elderId: zhou.id,
    elderName: zhou.name,
    idNumberMasked: zhou.idNumberMasked,
    status,
    issuedOn: '2024-05-01',
    purses: [{ purse: 'general', name: '通用', balanceFen: 8800 }],
    balanceFen: 8800,
    cancelledAt: null,
    cancelReason: null,
    replacedByCardId: null,
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function stored(request: MealRecordCreate, name: string): MealRecord {
  return {
    id: request.id,
    elderId: request.elderId,
    elderName: name,
    facilityId: request.facilityId,
    servedOn: request.servedOn,
    slot: request.slot,
    mode: request.mode,
    priceFen: request.priceFen,
    subsidyFen: request.subsidised === false ? 0 : 500,
    selfPayFen: request.subsidised === false ? request.priceFen : request.priceFen - 500,
    paymentMethod: request.paymentMethod,
    subsidised: request.subsidised !== false,
    subsidyRuleIds: [],
    collectedByDelegateId: request.collectedByDelegateId ?? null,
    recordedBy: 'canteen_operator',
    recordedAt: new Date().toISOString(),
    syncedAt: new Date().toISOString(),
    deviceId: null,
    deviceSeq: null,
    selfPayDueFen: null,
    voidedAt: null,
    voidReason: null,
  }
}

interface Call {
  method: string
  url: URL
  body: unknown
}

/** A fake API: elders by name or ID tail; meal posts answered by `answerPost`, which a test can hold back or fail. */
const calls: Call[] = []
let answerPost: (request: MealRecordCreate) => Promise<Response> | Response
/** Meals of the day the server already holds, recorded elsewhere. */
let dayRecords: MealRecord[]
const fetchMock = vi.fn<typeof fetch>()

function server(): void {
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    const method = init?.method ?? 'GET'
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ method, url, body })
    const path = url.pathname.replace('/api/v1', '')
    if (path === '/facilities') return json(200, { items: [canteen], total: 1 })
    if (path === '/elders/search' && method === 'POST') {
      const q = (body as { q?: string }).q ?? ''
      // `z` stands for pinyin initials both names share.
      const items = [zhang, zhou].filter((item) => q === 'z' || item.name.includes(q) || item.idNumberMasked.endsWith(q))
      return json(200, { items, total: items.length })
    }
    if (path === '/meal-records' && method === 'GET') return json(200, { items: dayRecords, total: dayRecords.length })
    if (path === '/meal-settings') return json(200, { subsidisedMealsPerSlot: 1, backDatingDays: 3, kitchenOrderCutoff: '16:00', undoWindowMinutes: 5 })
    if (path === '/meal-records/summary') {
      const summary: MealDaySummary = { facilityId: FACILITY, servedOn: TODAY, rows: [] }
      return json(200, summary)
    }
    if (path === '/meal-records' && method === 'POST') return answerPost(body as MealRecordCreate)
    if (path === '/care-cards/search' && method === 'POST') {
      const items = [zhouCard].filter((card) => card.cardNo === (body as { q?: string }).q)
      return json(200, { items, total: items.length })
    }
    if (path === '/meal-records/sync' && method === 'POST') {
      const batch = body as MealSync
      const results = []
      for (const { deviceSeq, recordedBy: _by, recordedAt: _at, ...request } of batch.records) {
        const answered = await answerPost(request)
        const answer = (await answered.json()) as MealRecord & { code?: string; message?: string }
        results.push(answered.ok ? { id: request.id, deviceSeq, status: 'created', record: answer } : { id: request.id, deviceSeq, status: 'error', code: answer.code, message: answer.message })
      }
      return json(200, { results, syncedAt: new Date().toISOString() })
    }
    if (path === '/care-cards') {
      const items = [zhouCard].filter((card) => card.elderId === url.searchParams.get('elderId'))
      return json(200, { items, total: items.length })
    }
    if (path === `/care-cards/${zhouCard.id}`) return json(200, zhouCard)
    const voided = /^\/meal-records\/([^/]+)\/void$/.exec(path)
    if (voided) {
      const reason = (body as { reason: string }).reason
      return json(200, { ...stored({ ...lastPosted(), id: voided[1]! }, '张桂英'), voidedAt: new Date().toISOString(), voidReason: reason })
    }
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

const syncs = () => calls.filter((call) => call.method === 'POST' && call.url.pathname === '/api/v1/meal-records/sync').map((call) => call.body as MealSync)
const posts = () => calls.filter((call) => call.method === 'POST' && call.url.pathname === '/api/v1/meal-records').map((call) => call.body as MealRecordCreate)
const lastPosted = () => posts().at(-1)!
const cardLookups = () => calls.filter((call) => call.url.pathname === '/api/v1/care-cards/search').map((call) => (call.body as { q: string }).q)
const elderSearches = () => calls.filter((call) => call.url.pathname === '/api/v1/elders/search').map((call) => (call.body as { q: string }).q)

/** A promise the test settles by hand, to look at the screen while a save is on its way. */
function held<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

let wrapper: VueWrapper | null = null

async function mountCounter(): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = operator
  wrapper = mount(Counter, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  await settle()
  return wrapper
}

/** Lets the fake API, IndexedDB (each transaction takes a few turns) and Vue finish what they started. */
async function settle(): Promise<void> {
  for (let i = 0; i < 25; i++) await flushPromises()
}

const searchBox = (w: VueWrapper) => w.get('input[data-test="elder-search"]')
const entries = (w: VueWrapper) => w.findAll('.meal-entry')

async function type(w: VueWrapper, text: string): Promise<void> {
  await searchBox(w).setValue(text)
  await vi.advanceTimersByTimeAsync(300)
  await settle()
}

beforeEach(async () => {
  await Promise.all(counterDb().tables.map((table) => table.clear()))
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(NOW)
  localStorage.clear()
  localStorage.setItem(COUNTER_STORAGE_KEY, JSON.stringify({ prices: { [`${FACILITY}:lunch`]: 1200 } }))
  calls.length = 0
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  answerPost = (request) => json(201, stored(request, request.elderId === zhang.id ? zhang.name : zhou.name))
  zhouCard = careCard('active')
  dayRecords = []
  server()
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('meal counter', () => {
  it('picks the only canteen and lunch by the clock, and searches as the operator types', async () => {
    const w = await mountCounter()
    expect(w.find('.counter-settings__price input').element).toHaveProperty('value', '12.00')
    expect(w.get('.counter-settings__choices .is-active').text()).toBe('午餐')

    await type(w, '张')

    expect(elderSearches()).toEqual(['张'])
    const search = calls.find((call) => call.url.pathname === '/api/v1/elders/search')!
    expect(search).toMatchObject({ method: 'POST', body: { q: '张', pageSize: 8, status: 'active' } })
    // What the operator types never goes in a URL: a proxy, a log or the history would keep it.
    expect(calls.filter((call) => call.url.searchParams.has('q'))).toEqual([])
    const cards = w.findAll('.elder-card')
    expect(cards).toHaveLength(1)
    expect(cards[0]!.text()).toContain('张桂英')
    expect(cards[0]!.text()).toContain('330902********4235')
    expect(cards[0]!.text()).toContain('高龄')
    expect(cards[0]!.text()).toContain('独居')
  })

  it('records on a tap with a new UUID, shows it as saving and then saved, and clears the search at once', async () => {
    const answer = held<Response>()
    answerPost = () => answer.promise
    const w = await mountCounter()
    await type(w, '张')

    await w.get('.elder-card__main').trigger('click')
    await settle()

    const [sent] = posts()
    expect(sent).toEqual({
      id: expect.stringMatching(UUID),
      elderId: zhang.id,
      facilityId: FACILITY,
      servedOn: TODAY,
      slot: 'lunch',
      mode: 'dine_in',
      priceFen: 1200,
      paymentMethod: 'cash',
    })
    expect(entries(w)).toHaveLength(1)
    expect(entries(w)[0]!.text()).toContain('张桂英')
    expect(entries(w)[0]!.text()).toContain('保存中')
    expect((searchBox(w).element as HTMLInputElement).value).toBe('')
    expect(document.activeElement).toBe(searchBox(w).element)
    expect(w.findAll('.elder-card')).toHaveLength(0)

    const summariesBefore = calls.filter((call) => call.url.pathname === '/api/v1/meal-records/summary').length
    answer.resolve(json(201, stored(sent!, zhang.name)))
    await settle()

    expect(entries(w)[0]!.text()).toContain('已登记')
    expect(entries(w)[0]!.text()).toContain('补贴 ¥5.00')
    expect(entries(w)[0]!.text()).toContain('自付 ¥7.00')
    expect(calls.filter((call) => call.url.pathname === '/api/v1/meal-records/summary').length).toBe(summariesBefore + 1)
  })

  it('lets the next elder be searched and recorded while the first save is still pending', async () => {
    const first = held<Response>()
    answerPost = () => first.promise
    const w = await mountCounter()
    await type(w, '张')
    await w.get('.elder-card__main').trigger('click')
    await settle()

    answerPost = (request) => json(201, stored(request, zhou.name))
    await type(w, '周')

    expect(elderSearches()).toEqual(['张', '周'])
    expect(w.get('.elder-card').text()).toContain('周爱国')
    expect(entries(w)[0]!.text()).toContain('保存中')

    await w.get('.elder-card__main').trigger('click')
    await settle()
    expect(posts()).toHaveLength(2)
    expect(entries(w).map((entry) => entry.text().includes('周爱国'))).toEqual([true, false])
    expect(entries(w)[0]!.text()).toContain('已登记')
    expect(entries(w)[1]!.text()).toContain('保存中')

    first.resolve(json(201, stored(posts()[0]!, zhang.name)))
    await settle()
    expect(entries(w)[1]!.text()).toContain('已登记')
  })

  it('retries a meal lost to the network with the same id, and keeps it queued meanwhile', async () => {
    let attempts = 0
    answerPost = (request) => {
      attempts += 1
      if (attempts === 1) throw new TypeError('Failed to fetch')
      return json(201, stored(request, zhang.name))
    }
    const w = await mountCounter()
    await type(w, '张')
    await w.get('.elder-card__main').trigger('click')
    await settle()

    expect(entries(w)[0]!.text()).toContain('网络异常')
    const [waiting] = await counterDb().outbox.toArray()
    expect(waiting).toMatchObject({ id: posts()[0]!.id, state: 'pending', deviceSeq: 1, request: { recordedBy: operator.id } })
    expect(w.text()).toContain('1 笔登记待同步')

    await vi.advanceTimersByTimeAsync(1000)
    await settle()

    // The retry goes with the outbox's sync: the same id and meal, with the device's number and time.
    expect(syncs()).toHaveLength(1)
    const [{ deviceSeq, recordedBy, recordedAt, ...resent }] = syncs()[0]!.records as [MealSync['records'][number]]
    expect(resent).toEqual(posts()[0])
    expect({ deviceSeq, recordedBy, recordedAt }).toEqual({ deviceSeq: 1, recordedBy: operator.id, recordedAt: waiting!.recordedAt })
    expect(entries(w)[0]!.text()).toContain('已登记')
    expect((await counterDb().outbox.get(posts()[0]!.id))!.state).toBe('synced')
  })

  it('shows MEAL_ALREADY_SUBSIDISED on the entry and re-sends without subsidy under a new id', async () => {
    answerPost = (request) =>
      request.subsidised === false
        ? json(201, stored(request, zhang.name))
        : json(409, { statusCode: 409, code: 'MEAL_ALREADY_SUBSIDISED', message: 'the elder already had the subsidised meals of this slot today' })
    const w = await mountCounter()
    await type(w, '张')
    await w.get('.elder-card__main').trigger('click')
    await settle()

    const entry = entries(w)[0]!
    expect(entry.text()).toContain('未登记')
    expect(entry.text()).toContain('该老人此餐次已享受过补贴')
    const action = entry.findAll('button').find((button) => button.text() === '按不补贴登记')!
    await action.trigger('click')
    await settle()

    const [refused, resent] = posts()
    expect(resent).toEqual({ ...refused, id: expect.stringMatching(UUID), subsidised: false })
    expect(resent!.id).not.toBe(refused!.id)
    expect(entries(w)).toHaveLength(1)
    expect(entries(w)[0]!.text()).toContain('已登记')
    expect(entries(w)[0]!.text()).toContain('不补贴')
  })

  it('records at once when a scanner types a number and Enter finds exactly one elder', async () => {
    const w = await mountCounter()
    await searchBox(w).setValue('4235')
    await searchBox(w).trigger('keydown', { key: 'Enter' })
    await settle()

    expect(elderSearches()).toEqual(['4235'])
    expect(posts()).toHaveLength(1)
    expect(posts()[0]!.elderId).toBe(zhang.id)
    expect((searchBox(w).element as HTMLInputElement).value).toBe('')

    // No pause-triggered second search for the text the scanner already sent.
    await vi.advanceTimersByTimeAsync(300)
    expect(elderSearches()).toEqual(['4235'])
  })

  it('does not record on Enter when several elders match', async () => {
    const w = await mountCounter()
    await searchBox(w).setValue('z')
    await searchBox(w).trigger('keydown', { key: 'Enter' })
    await settle()

    expect(posts()).toHaveLength(0)
    expect(w.findAll('.elder-card')).toHaveLength(2)
  })

  it('voids the last entry with the reason the operator gives', async () => {
    const w = await mountCounter()
    await type(w, '张')
    await w.get('.elder-card__main').trigger('click')
    await settle()
    const id = posts()[0]!.id

    const undo = w.get('[data-test="undo-last"]')
    expect(undo.text()).toContain('撤销上一条：张桂英')
    await undo.trigger('click')
    await settle()
    const reason = w.findAll('.void-dialog__reason').find((button) => button.text() === '重复登记')!
    await reason.trigger('click')
    await w.get('.void-dialog__confirm').trigger('click')
    await settle()

    const voids = calls.filter((call) => call.url.pathname === `/api/v1/meal-records/${id}/void`)
    expect(voids).toHaveLength(1)
    expect(voids[0]!.body).toEqual({ reason: '重复登记' })
    expect(entries(w)[0]!.text()).toContain('已撤销')
    expect(w.get('[data-test="undo-last"]').attributes('disabled')).toBeDefined()
  })

  it('does not offer 撤销上一条 for a meal recorded 17 minutes ago in another session: that one is voided from the list', async () => {
    const earlier = new Date(NOW.getTime() - 17 * 60_000).toISOString()
    const request: MealRecordCreate = { id: '0190a0b0-0000-7000-8000-0000000000a1', elderId: zhou.id, facilityId: FACILITY, servedOn: TODAY, slot: 'lunch', mode: 'dine_in', priceFen: 1200, paymentMethod: 'cash' }
    dayRecords = [{ ...stored(request, '曾海法'), recordedAt: earlier }]
    const w = await mountCounter()

    expect(entries(w)[0]!.text()).toContain('曾海法')
    const undo = w.get('[data-test="undo-last"]')
    expect(undo.attributes('disabled')).toBeDefined()
    expect(undo.text()).not.toContain('曾海法')
    expect(w.get('[data-test="undo-hint"]').text()).toContain('5 分钟')
    // The list still voids it.
    expect(entries(w)[0]!.find('button').exists()).toBe(true)
  })

  it('offers 撤销上一条 for the meal just recorded here only within the window of the meal settings', async () => {
    const w = await mountCounter()
    await type(w, '张')
    await w.get('.elder-card__main').trigger('click')
    await settle()
    expect(w.get('[data-test="undo-last"]').text()).toContain('撤销上一条：张桂英')

    await vi.advanceTimersByTimeAsync(4 * 60_000)
    expect(w.get('[data-test="undo-last"]').attributes('disabled')).toBeUndefined()
    await vi.advanceTimersByTimeAsync(2 * 60_000)
    await settle()
    expect(w.get('[data-test="undo-last"]').attributes('disabled')).toBeDefined()
    expect(w.get('[data-test="undo-last"]').text()).not.toContain('张桂英')
  })

  it('records for the holder of a scanned card when paying by care card, and shows the balance left', async () => {
    localStorage.setItem(COUNTER_STORAGE_KEY, JSON.stringify({ paymentMethod: 'care_card', prices: { [`${FACILITY}:lunch`]: 1200 } }))
    answerPost = (request) => {
      const record = stored(request, zhou.name)
      zhouCard = { ...zhouCard, balanceFen: zhouCard.balanceFen - record.selfPayFen }
      return json(201, record)
    }
    const w = await mountCounter()

    await searchBox(w).setValue(ZHOU_CARD_NO)
    await searchBox(w).trigger('keydown', { key: 'Enter' })
    await settle()

    expect(cardLookups()[0]).toBe(ZHOU_CARD_NO)
    expect(posts()).toEqual([expect.objectContaining({ id: expect.stringMatching(UUID), elderId: zhou.id, paymentMethod: 'care_card', priceFen: 1200 })])
    expect(entries(w)[0]!.text()).toContain('周爱国')
    expect(entries(w)[0]!.text()).toContain('已登记')
    expect(w.get('[data-test="card-balance"]').text()).toBe(`周爱国 爱心卡 ${ZHOU_CARD_NO} 余额 ¥81.00`)
    expect((searchBox(w).element as HTMLInputElement).value).toBe('')

    // The card found the elder: no roster search for the number.
    await vi.advanceTimersByTimeAsync(300)
    expect(elderSearches()).toEqual([])
  })

  it('shows the localized refusal on the entry when the scanned card is frozen', async () => {
    localStorage.setItem(COUNTER_STORAGE_KEY, JSON.stringify({ paymentMethod: 'care_card', prices: { [`${FACILITY}:lunch`]: 1200 } }))
    zhouCard = careCard('frozen')
    answerPost = () => json(409, { statusCode: 409, code: 'CARD_FROZEN', message: 'the card is frozen' })
    const w = await mountCounter()

    await searchBox(w).setValue(ZHOU_CARD_NO)
    await searchBox(w).trigger('keydown', { key: 'Enter' })
    await settle()

    expect(posts()).toHaveLength(1)
    expect(entries(w)[0]!.text()).toContain('未登记')
    expect(entries(w)[0]!.text()).toContain('该爱心卡已冻结（挂失），不能使用')
    expect(w.find('[data-test="card-balance"]').exists()).toBe(false)
  })

  it('refuses a cancelled card without recording, and empties the box for the next scan', async () => {
    localStorage.setItem(COUNTER_STORAGE_KEY, JSON.stringify({ paymentMethod: 'care_card', prices: { [`${FACILITY}:lunch`]: 1200 } }))
    zhouCard = careCard('cancelled')
    const w = await mountCounter()

    await searchBox(w).setValue(ZHOU_CARD_NO)
    await searchBox(w).trigger('keydown', { key: 'Enter' })
    await settle()

    expect(posts()).toHaveLength(0)
    expect(w.get('[data-test="card-message"]').text()).toBe('该爱心卡已注销')
    expect((searchBox(w).element as HTMLInputElement).value).toBe('')
  })

  it('says CARD_NOT_FOUND for a scanned number that is neither a card nor an elder', async () => {
    localStorage.setItem(COUNTER_STORAGE_KEY, JSON.stringify({ paymentMethod: 'care_card', prices: { [`${FACILITY}:lunch`]: 1200 } }))
    const w = await mountCounter()

    await searchBox(w).setValue('33090200000000')
    await searchBox(w).trigger('keydown', { key: 'Enter' })
    await settle()

    expect(cardLookups()[0]).toBe('33090200000000')
    expect(elderSearches()).toEqual(['33090200000000'])
    expect(posts()).toHaveLength(0)
    expect(w.get('[data-test="card-message"]').text()).toBe('未找到有效的爱心卡')
    expect((searchBox(w).element as HTMLInputElement).value).toBe('')
  })
})
