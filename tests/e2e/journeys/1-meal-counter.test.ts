import type { MealDaySummary, MealRecord } from '@eldercare/shared'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { shanghaiToday } from '../../../server/src/http/dates.js'
import { Api, createElder, issueCard, operatorCanteen, query, unusedCardNo, unusedIdNumber, unusedName, type Paged } from '../support/api.js'
import { chooseOption, journey, launchChromium, signIn, textIs } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

describe('journey 1: the meal counter on a tablet', () => {
  it('records lunch for elders found by name, by the end of the 身份证号 and by card number, voids one, and the day totals follow', async () => {
    const admin = await Api.signIn(baseUrl, 'bureau_admin')
    const operator = await Api.signIn(baseUrl, 'canteen_operator')
    const { facility, communityCode } = await operatorCanteen(operator)

    const byName = await createElder(admin, { name: await unusedName(admin), idNumber: await unusedIdNumber(admin, '1948-03-12'), communityCode })
    const tailIdNumber = await unusedIdNumber(admin, '1951-07-08', { uniqueTail: true })
    const byIdTail = await createElder(admin, { name: await unusedName(admin), idNumber: tailIdNumber, communityCode })
    const byCard = await createElder(admin, { name: await unusedName(admin), idNumber: await unusedIdNumber(admin, '1944-11-30'), communityCode })
    const card = await issueCard(admin, byCard.id, await unusedCardNo(admin), 100_00)

    await journey(browser, { baseUrl, artifact: '1-meal-counter', viewport: { width: 768, height: 1024 } }, async (page) => {
      await signIn(page, 'canteen_operator')
      await page.goto('/meals/counter')

      // The slot first: picking one brings back the price remembered for it.
      const settings = page.getByRole('region', { name: '登记设置' })
      await chooseOption(page, settings.getByRole('combobox'), facility.name)
      await settings.getByRole('radio', { name: '午餐' }).check({ force: true })
      await settings.getByRole('radio', { name: '堂食' }).check({ force: true })
      await settings.getByRole('radio', { name: '现金' }).check({ force: true })
      await settings.getByPlaceholder('如 12').fill('12')

      // The day's totals as they stand (other journeys may have served here today), once loaded.
      const summary = await operator.get<MealDaySummary>(`/meal-records/summary?${query({ facilityId: facility.id, servedOn: shanghaiToday() })}`)
      const before = summary.rows.reduce((sum, row) => sum + row.meals, 0)
      const lunchBefore = summary.rows.filter((row) => row.slot === 'lunch' && row.mode === 'dine_in').reduce((sum, row) => sum + row.meals, 0)
      const meals = page.locator('[data-summary="meals"]')
      const lunchDineIn = page.locator('[data-summary="lunch-dine_in"]')
      await textIs(meals, `共 ${before} 份`)
      await textIs(lunchDineIn, String(lunchBefore))

      const lookup = page.getByRole('region', { name: '查找老人' })
      const search = lookup.getByPlaceholder('姓名 / 拼音首字母 / 身份证后 4 位 / 手机号，或刷卡')
      const entry = (name: string) => page.locator('li.meal-entry', { hasText: name })

      // By name: the elder's card comes up and one tap records the meal.
      await search.fill(byName.name)
      await lookup.getByRole('button', { name: new RegExp(byName.name) }).click()
      await entry(byName.name).getByText('已登记').waitFor()

      // By the last 4 characters of the 身份证号: the card shows the masked number ending in them.
      await search.fill(tailIdNumber.slice(-4))
      const found = lookup.getByRole('button', { name: new RegExp(byIdTail.name) })
      await found.getByText(byIdTail.idNumberMasked).waitFor()
      await found.click()
      await entry(byIdTail.name).getByText('已登记').waitFor()

      // By card number, as a scanner types it and presses Enter, paying by card.
      await settings.getByRole('radio', { name: '爱心卡' }).check({ force: true })
      await search.fill(card.cardNo)
      await search.press('Enter')
      await entry(byCard.name).getByText('已登记').waitFor()
      await lookup.getByRole('status').filter({ hasText: card.cardNo }).waitFor()

      await textIs(meals, `共 ${before + 3} 份`)
      await textIs(lunchDineIn, String(lunchBefore + 3))

      // The meal recorded for the wrong elder is voided with a reason.
      await entry(byIdTail.name).getByRole('button', { name: '撤销', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: '撤销登记' })
      await dialog.getByRole('button', { name: '登记错了人' }).click()
      await dialog.getByRole('button', { name: '确认撤销' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await entry(byIdTail.name).getByText('已撤销').waitFor()

      await textIs(meals, `共 ${before + 2} 份`)
      await textIs(lunchDineIn, String(lunchBefore + 2))
    })

    // What the screen said is what the server holds: one lunch each, the voided one with its reason.
    const today = shanghaiToday()
    const { items } = await operator.get<Paged<MealRecord>>(`/meal-records?${query({ facilityId: facility.id, from: today, to: today, includeVoided: 'true', pageSize: 500 })}`)
    const mealsOf = (elderId: string) => items.filter((item) => item.elderId === elderId).map((item) => [item.slot, item.paymentMethod, item.voidReason])
    expect(mealsOf(byName.id)).toEqual([['lunch', 'cash', null]])
    expect(mealsOf(byIdTail.id)).toEqual([['lunch', 'cash', '登记错了人']])
    expect(mealsOf(byCard.id)).toEqual([['lunch', 'care_card', null]])
  })
})
