import { randomInt, randomUUID } from 'node:crypto'
import type { CareCard, Elder, Facility, LedgerEntry, Role, TokenPair } from '@eldercare/shared'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT } from '../../../server/src/demo/demo-accounts.js'
import { makeIdNumber } from '../../../server/test/id-numbers.js'

/**
 * The API as a journey's stage hand: it makes the data a journey starts from (its own elders and
 * cards, so journeys never share objects) and reads back what the screens should show.
 */
export class Api {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, username: Role): Promise<Api> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantCode: DEMO_ACCOUNTS.find((account) => account.username === username)?.tenantCode ?? DEMO_TENANT.code, username, password: DEMO_PASSWORD }),
    })
    if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`)
    return new Api(baseUrl, ((await response.json()) as TokenPair).accessToken)
  }

  async request(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.baseUrl}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`)
    return response
  }

  async get<T>(url: string): Promise<T> {
    return (await this.request('GET', url)).json() as Promise<T>
  }

  async post<T>(url: string, body: unknown): Promise<T> {
    return (await this.request('POST', url, body)).json() as Promise<T>
  }

  async put<T>(url: string, body: unknown): Promise<T> {
    return (await this.request('PUT', url, body)).json() as Promise<T>
  }
}

/** A list answer: `{ items, total }`. */
export interface Paged<T> {
  items: T[]
  total: number
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value))
  return search.toString()
}

const SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '令狐']
const GIVEN = ['春', '夏', '秋', '冬', '松', '柏', '梅', '兰', '竹', '菊', '岚', '翠', '鹤', '霖', '瑾', '瑜', '琛', '璋']

/** A name nobody on the demo roster has (nor contains), so searching it finds exactly the elder made for the journey. */
export async function unusedName(api: Api): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = SURNAMES[randomInt(SURNAMES.length)]! + GIVEN[randomInt(GIVEN.length)]! + GIVEN[randomInt(GIVEN.length)]!
    const { total } = await api.post<Paged<Elder>>('/elders/search', { q: name, pageSize: 1 })
    if (total === 0) return name
  }
  throw new Error('no unused elder name found')
}

/**
 * A valid 身份证号 of someone born on `birth` that is not on the roster; with `uniqueTail` its last
 * 4 characters match nobody else either, so the counter's tail search finds one elder.
 */
export async function unusedIdNumber(api: Api, birth: string, options: { uniqueTail?: boolean; accept?: (id: string) => boolean } = {}): Promise<string> {
  const sequences = Array.from({ length: 900 }, (_, index) => String(100 + index)).sort(() => Math.random() - 0.5)
  const candidates = sequences.map((sequence) => makeIdNumber(birth, sequence)).filter((id) => !options.accept || options.accept(id))
  for (const idNumber of candidates.slice(0, 100)) {
    const probe = options.uniqueTail ? idNumber.slice(-4) : idNumber
    const { total } = await api.post<Paged<Elder>>('/elders/search', { q: probe, pageSize: 1 })
    if (total === 0) return idNumber
  }
  throw new Error(`no unused 身份证号 found for ${birth}`)
}

/** A card number no card has: what a scanner would read from a new card. */
export async function unusedCardNo(api: Api): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const cardNo = `9${String(randomInt(10 ** 9, 10 ** 10))}`
    const { total } = await api.post<Paged<CareCard>>('/care-cards/search', { q: cardNo, pageSize: 1 })
    if (total === 0) return cardNo
  }
  throw new Error('no unused card number found')
}

export interface MealSetup {
  facility: Facility
  communityCode: string
}

/** A canteen of the demo operator that serves lunch, and a community it serves (its elders are the operator's). */
export async function operatorCanteen(operator: Api): Promise<MealSetup> {
  const { items } = await operator.get<Paged<Facility>>(`/facilities?${query({ pageSize: 100, status: 'active' })}`)
  const facility = items.find((item) => item.mealSlots.includes('lunch') && item.mealModes.includes('dine_in'))
  if (!facility) throw new Error('the demo operator has no canteen serving lunch')
  const area = await operator.get<{ communities: { communityCode: string }[] }>(`/facilities/${facility.id}/service-area`)
  return { facility, communityCode: area.communities[0]?.communityCode ?? facility.communityCode }
}

export async function createElder(admin: Api, input: { name: string; idNumber: string; communityCode: string }): Promise<Elder> {
  return admin.post<Elder>('/elders', input)
}

/** A new card with a chosen number and, when asked, money on it (a family top-up). */
export async function issueCard(keeper: Api, elderId: string, cardNo: string, topUpFen = 0): Promise<CareCard> {
  const card = await keeper.post<CareCard>('/care-cards', { elderId, cardNo })
  if (topUpFen > 0) {
    await keeper.post<LedgerEntry>(`/care-cards/${card.id}/transactions`, { id: randomUUID(), kind: 'top_up', amountFen: topUpFen, note: '家属充值' })
  }
  return keeper.get<CareCard>(`/care-cards/${card.id}`)
}

/** `12.50` for 1250 fen and `-9.00` for -900, as the web app writes amounts. */
export function fenText(fen: number): string {
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** `¥12.50`, as the web app shows a sum of money. */
export function yuan(fen: number): string {
  return `¥${fenText(fen)}`
}
