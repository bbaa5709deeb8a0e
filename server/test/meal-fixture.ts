import type { Elder, Facility, MealRecordCreate } from '@eldercare/shared'
import { uuidv7 } from '@eldercare/db'
import { afterAll, beforeAll } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'
import { makeIdNumber } from './id-numbers.js'
import { shanghaiToday } from '../src/http/dates.js'

export interface MealFixture {
  tenant: SeededTenant
  bureau: ReturnType<typeof as>
  operator: ReturnType<typeof as>
  canteen: Facility
  otherCanteen: Facility
  zhang: Elder
  li: Elder
  today: string
  meal(overrides?: Partial<MealRecordCreate>): MealRecordCreate
  /** A fresh session of one of the tenant's accounts (the username is the role's name). */
  signInAs(username: string): Promise<ReturnType<typeof as>>
}

/**
 * A district with two canteens (lunch and dinner; dine-in and delivery), an operator running the first,
 * two elders in its community, and subsidy rules: 60+ 3 yuan, 特困 8 yuan, delivery 2 yuan extra.
 */
export async function mealFixture(t: TestApp): Promise<MealFixture> {
  const tenant = await seedTenant(t.app, '330902')
  const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  const post = async <T>(url: string, payload: Record<string, unknown>): Promise<T> => {
    const response = await admin({ method: 'POST', url, payload })
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
    return response.json<T>()
  }
  const canteenBody = {
    type: 'canteen',
    communityCode: '330902001001',
    address: '一号路',
    openedOn: '2024-01-01',
    mealSlots: ['lunch', 'dinner'],
    mealModes: ['dine_in', 'delivery'],
  }
  const canteen = await post<Facility>('/api/v1/facilities', { ...canteenBody, name: '一号食堂' })
  const otherCanteen = await post<Facility>('/api/v1/facilities', { ...canteenBody, name: '二号食堂' })
  const zhang = await post<Elder>('/api/v1/elders', {
    idNumber: makeIdNumber('1944-02-02', '111'),
    name: '张三',
    communityCode: '330902001001',
    categories: [{ category: 'destitute', startOn: '2020-01-01' }],
    pickupDelegates: [{ name: '张小明', relation: '儿子', consentOn: '2024-01-01' }],
  })
  const li = await post<Elder>('/api/v1/elders', { idNumber: makeIdNumber('1955-05-05', '122'), name: '李四', communityCode: '330902001001' })
  for (const rule of [
    { name: '60岁以上', kind: 'age', minAge: 60, amountFen: 300, validFrom: '2024-01-01' },
    { name: '特困', kind: 'category', category: 'destitute', amountFen: 800, validFrom: '2024-01-01' },
    { name: '送餐补贴', kind: 'delivery_extra', amountFen: 200, validFrom: '2024-01-01' },
  ]) {
    await post('/api/v1/subsidy-rules', rule)
  }
  await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: [canteen.id] } })
  const operator = as(t.app, (await signIn(t.app, '330902', 'canteen_operator')).accessToken)
  const bureau = as(t.app, (await signIn(t.app, '330902', 'bureau_staff')).accessToken)
  const today = shanghaiToday()
  return {
    tenant,
    bureau,
    operator,
    canteen,
    otherCanteen,
    zhang,
    li,
    today,
    signInAs: async (username) => as(t.app, (await signIn(t.app, '330902', username)).accessToken),
    meal: (overrides = {}) => ({
      id: uuidv7(),
      elderId: li.id,
      facilityId: canteen.id,
      servedOn: today,
      slot: 'lunch',
      mode: 'dine_in',
      priceFen: 1200,
      paymentMethod: 'cash',
      ...overrides,
    }),
  }
}

/**
 * The meal fixture on an app of the test file's own, made before its tests and closed after them. The
 * object is filled in `beforeAll`: read its fields inside tests, not at the top of the file.
 */
export function useMealFixture(): MealFixture {
  const fixture = {} as MealFixture
  let app: TestApp | undefined
  beforeAll(async () => {
    app = await createTestApp()
    Object.assign(fixture, await mealFixture(app))
  })
  afterAll(() => app?.close())
  return fixture
}
