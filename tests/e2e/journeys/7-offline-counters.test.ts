import type { Elder, MealRecord, SyncStatus } from '@eldercare/shared'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { shanghaiToday } from '../../../server/src/http/dates.js'
import { Api, createElder, operatorCanteen, query, unusedIdNumber, unusedName, type Paged } from '../support/api.js'
import { ARTIFACTS_DIR } from '../support/artifacts.js'
import { chooseOption, launchChromium, signIn, STEP_TIMEOUT_MS } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

/** One tablet at the counter: a browser context of its own (its own storage, service worker and IndexedDB). */
async function tablet(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 768, height: 1024 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  return { context, page }
}

const searchBox = (page: Page) => page.getByRole('region', { name: '查找老人' }).getByPlaceholder('姓名 / 拼音首字母 / 身份证后 4 位 / 手机号，或刷卡')
const entry = (page: Page, name: string) => page.locator('li.meal-entry', { hasText: name })

/** Opens the counter for lunch, dine-in, cash at the canteen, and waits for its offline snapshot and service worker. */
async function openCounter(page: Page, facilityName: string): Promise<void> {
  await signIn(page, 'canteen_operator')
  await page.goto('/meals/counter')
  const settings = page.getByRole('region', { name: '登记设置' })
  await chooseOption(page, settings.getByRole('combobox'), facilityName)
  await settings.getByRole('radio', { name: '午餐' }).check({ force: true })
  await settings.getByRole('radio', { name: '堂食' }).check({ force: true })
  await settings.getByRole('radio', { name: '现金' }).check({ force: true })
  await page.getByText('离线名册刚刚更新').waitFor()
  // The app shell is precached once the service worker is ready: from then on the counter opens offline.
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
}

/** With the network off, taps each elder's card as the operator would. */
async function recordLunches(page: Page, elders: Elder[]): Promise<void> {
  for (const elder of elders) {
    await searchBox(page).fill(elder.name)
    await page.getByRole('region', { name: '查找老人' }).getByRole('button', { name: new RegExp(elder.name) }).click()
    await entry(page, elder.name).waitFor()
  }
}

describe('journey 7: two tablets of one canteen through a day offline', () => {
  it('record offline, reopen offline, and sync each meal once, the shared elder subsidised once and 需补收 on the other tablet', async () => {
    const admin = await Api.signIn(baseUrl, 'bureau_admin')
    const operator = await Api.signIn(baseUrl, 'canteen_operator')
    const { facility, communityCode } = await operatorCanteen(operator)
    const today = shanghaiToday()
    await operator.put(`/facilities/${facility.id}/meal-prices`, { validFrom: today, prices: [{ slot: 'lunch', mode: 'dine_in', priceFen: 1200 }] })

    const newElder = async (birth: string) => createElder(admin, { name: await unusedName(admin), idNumber: await unusedIdNumber(admin, birth), communityCode })
    const shared = await newElder('1946-04-04')
    const ofA: Elder[] = [shared]
    const ofB: Elder[] = [shared]
    for (let i = 0; i < 9; i++) ofA.push(await newElder(`1947-0${(i % 9) + 1}-1${i % 9}`))
    for (let i = 0; i < 9; i++) ofB.push(await newElder(`1949-0${(i % 9) + 1}-2${i % 9}`))

    const a = await tablet()
    const b = await tablet()
    try {
      await openCounter(a.page, facility.name)
      await openCounter(b.page, facility.name)

      await a.context.setOffline(true)
      await b.context.setOffline(true)
      for (const { page } of [a, b]) {
        await page.reload()
        await searchBox(page).waitFor()
        await page.getByText('离线 · 0 笔待同步').waitFor()
      }

      await recordLunches(a.page, ofA.slice(0, 5))
      await recordLunches(b.page, ofB)
      // Tablet A's page is closed mid-day and opened again, still offline: its outbox is still there.
      await a.page.close()
      a.page = await a.context.newPage()
      a.page.setDefaultTimeout(STEP_TIMEOUT_MS)
      await a.page.goto('/meals/counter')
      await a.page.getByText('离线 · 5 笔待同步').waitFor()
      await recordLunches(a.page, ofA.slice(5))
      await a.page.getByText('离线 · 10 笔待同步').waitFor()
      await b.page.getByText('离线 · 10 笔待同步').waitFor()

      // A comes back first and keeps the shared elder's subsidy; then B.
      await a.context.setOffline(false)
      await a.page.locator('[data-test="offline-banner"]').waitFor({ state: 'hidden' })
      await b.context.setOffline(false)
      await b.page.locator('[data-test="offline-banner"]').waitFor({ state: 'hidden' })
      await b.page.locator('[data-test="self-pay-due"]').filter({ hasText: shared.name }).waitFor()
    } finally {
      mkdirSync(ARTIFACTS_DIR, { recursive: true })
      await b.page.screenshot({ path: path.join(ARTIFACTS_DIR, '7-offline-counters.png'), fullPage: true }).catch(() => {})
      await a.context.close()
      await b.context.close()
    }

    const { items } = await operator.get<Paged<MealRecord>>(`/meal-records?${query({ facilityId: facility.id, from: today, to: today, pageSize: 500 })}`)
    const ids = new Set([...ofA, ...ofB].map((elder) => elder.id))
    const ours = items.filter((item) => ids.has(item.elderId) && item.deviceId !== null)
    expect(ours).toHaveLength(20)
    expect(new Set(ours.map((item) => item.id)).size).toBe(20)
    for (const elder of [...ofA.slice(1), ...ofB.slice(1)]) expect(ours.filter((item) => item.elderId === elder.id), elder.name).toHaveLength(1)
    const sharedMeals = ours.filter((item) => item.elderId === shared.id)
    expect(sharedMeals.filter((item) => item.subsidised)).toHaveLength(1)
    const collect = sharedMeals.find((item) => !item.subsidised)!
    expect(collect.selfPayDueFen).toBeGreaterThan(0)
    expect(new Set(sharedMeals.map((item) => item.deviceId)).size).toBe(2)
    for (const item of ours) expect(Date.parse(item.syncedAt)).toBeGreaterThanOrEqual(Date.parse(item.recordedAt))

    const bureau = await Api.signIn(baseUrl, 'bureau_staff')
    const status = await bureau.get<SyncStatus>(`/sync-status?${query({ facilityId: facility.id })}`)
    const devices = status.items.find((item) => item.facilityId === facility.id)!.devices
    for (const deviceId of new Set(ours.map((item) => item.deviceId))) {
      expect(devices.find((device) => device.deviceId === deviceId)).toMatchObject({ outboxSize: 0, userName: 'canteen_operator' })
    }
  })
})
