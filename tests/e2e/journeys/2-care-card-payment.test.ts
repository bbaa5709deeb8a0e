import type { CareCard, LedgerEntry, MealRecord } from '@eldercare/shared'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Api, createElder, fenText, issueCard, operatorCanteen, query, unusedCardNo, unusedIdNumber, unusedName, yuan, type Paged } from '../support/api.js'
import { chooseOption, journey, launchChromium, openMenu, signIn, textIs } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

const TOP_UP_FEN = 50_00

describe('journey 2: paying by care card', () => {
  it('takes a meal from the card at the counter, and the card page shows the new balance and the ledger entry', async () => {
    const admin = await Api.signIn(baseUrl, 'bureau_admin')
    const operator = await Api.signIn(baseUrl, 'canteen_operator')
    const { facility, communityCode } = await operatorCanteen(operator)
    const elder = await createElder(admin, { name: await unusedName(admin), idNumber: await unusedIdNumber(admin, '1952-05-20'), communityCode })
    const card = await issueCard(admin, elder.id, await unusedCardNo(admin), TOP_UP_FEN)
    expect(card.balanceFen).toBe(TOP_UP_FEN)
    let shownBalanceFen = -1

    await journey(browser, { baseUrl, artifact: '2-care-card-payment' }, async (page) => {
      await signIn(page, 'canteen_operator')
      await openMenu(page, '助餐登记')

      const settings = page.getByRole('region', { name: '登记设置' })
      await chooseOption(page, settings.getByRole('combobox'), facility.name)
      await settings.getByRole('radio', { name: '午餐' }).check({ force: true })
      await settings.getByRole('radio', { name: '爱心卡' }).check({ force: true })
      await settings.getByPlaceholder('如 12').fill('15')

      // The elder hands over the card; the scanner types its number and Enter.
      const search = page.getByPlaceholder('姓名 / 拼音首字母 / 身份证后 4 位 / 手机号，或刷卡')
      await search.fill(card.cardNo)
      await search.press('Enter')
      await page.locator('li.meal-entry', { hasText: elder.name }).getByText('已登记').waitFor()

      const [meal] = (await operator.get<Paged<MealRecord>>(`/meal-records?${query({ elderId: elder.id, pageSize: 10 })}`)).items
      expect(meal).toMatchObject({ paymentMethod: 'care_card', priceFen: 15_00 })
      const balanceFen = TOP_UP_FEN - meal!.selfPayFen
      shownBalanceFen = balanceFen
      expect(meal!.selfPayFen).toBeGreaterThan(0)

      // The counter tells the elder what is left on the card.
      await page.getByRole('status').filter({ hasText: `${elder.name} 爱心卡 ${card.cardNo} 余额 ${yuan(balanceFen)}` }).waitFor()

      // The card page: found by scanning the number again, the balance and the meal in the ledger.
      await openMenu(page, '爱心卡')
      const cardSearch = page.getByPlaceholder('刷卡，或输入卡号 / 姓名 / 拼音首字母 / 身份证后 4 位')
      await cardSearch.fill(card.cardNo)
      await cardSearch.press('Enter')
      await page.waitForURL(`**/care-cards/${card.id}`)
      await textIs(page.locator('[data-test="card-balance"]'), yuan(balanceFen))

      const ledgerRow = page.locator('.el-table__row', { hasText: '助餐扣款' })
      await ledgerRow.waitFor()
      const cells = await ledgerRow.locator('td').allTextContents()
      expect(cells.map((cell) => cell.trim())).toEqual(expect.arrayContaining(['助餐扣款', fenText(-meal!.selfPayFen), fenText(balanceFen)]))
      await page.locator('.el-table__row', { hasText: '充值' }).waitFor()
    })

    // The balance on screen is the card's: it equals the sum of its ledger.
    const after = await admin.get<CareCard>(`/care-cards/${card.id}`)
    const { items: ledger } = await admin.get<Paged<LedgerEntry>>(`/care-cards/${card.id}/ledger?pageSize=100`)
    expect(after.balanceFen).toBe(shownBalanceFen)
    expect(ledger.reduce((sum, entry) => sum + entry.amountFen, 0)).toBe(shownBalanceFen)
  })
})
