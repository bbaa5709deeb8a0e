import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { CurrentUser, Settlement } from '@eldercare/shared'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_ACCOUNTS } from '../../../server/src/demo/demo-accounts.js'
import { Api, query } from '../support/api.js'
import { ARTIFACTS_DIR } from '../support/artifacts.js'
import { chooseOption, journey, launchChromium, openMenu, signIn, textWhen } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

const nameOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.displayName

/** The month before this one in Asia/Shanghai, the month the statement page opens on. */
function previousMonth(): string {
  const now = new Date(Date.now() + 8 * 3_600_000)
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return month.toISOString().slice(0, 7)
}

describe('journey 9: a statement through the town and the bureau, printed on A4', () => {
  it('prints the figures and the three signatures with names and dates and a 盖章 box, without the menu or the buttons', async () => {
    // The operator submits last month, the town passes it on, the bureau approves: three people, one each.
    const operator = await Api.signIn(baseUrl, 'canteen_operator')
    const month = previousMonth()
    const me = await operator.get<CurrentUser>('/auth/me')
    const statements = await Promise.all(me.facilityIds.map((facilityId) => operator.get<Settlement>(`/settlements/statement?${query({ facilityId, month })}`)))
    const draft = statements.find((statement) => statement.status === 'draft')
    expect(draft, 'a demo canteen whose last month is not submitted yet').toBeDefined()
    const key = { facilityId: draft!.facilityId, month }
    await operator.post('/settlements/submit', key)
    await (await Api.signIn(baseUrl, 'town_staff')).post('/settlements/town-approve', key)
    await (await Api.signIn(baseUrl, 'bureau_staff')).post('/settlements/approve', key)

    await journey(browser, { baseUrl, artifact: '9-settlement-print', viewport: { width: 1366, height: 768 } }, async (page) => {
      await signIn(page, 'bureau_staff')
      await openMenu(page, '助餐结算')
      await page.getByRole('tab', { name: '结算单' }).click()
      await chooseOption(page, page.locator('[data-test="statement-facility"]'), draft!.facilityName)
      await textWhen(page.locator('[data-test="statement-status"]'), (text) => text === '区民政局审批通过')

      await page.emulateMedia({ media: 'print' })
      const signatures = page.locator('[data-test="signatures"]')
      expect(await signatures.isVisible()).toBe(true)
      expect(await page.locator('[data-test="signature-submitted"]').textContent()).toBe(nameOf('canteen_operator'))
      expect(await page.locator('[data-test="signature-townReviewed"]').textContent()).toBe(nameOf('town_staff'))
      expect(await page.locator('[data-test="signature-approved"]').textContent()).toBe(nameOf('bureau_staff'))
      const dates = (await signatures.locator('tbody tr').nth(2).locator('td').allTextContents()).map((text) => text.trim())
      expect(dates).toHaveLength(3)
      for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(await page.locator('[data-test="seal"]').isVisible()).toBe(true)
      // The page alone: no side menu, no header, no tabs, no buttons.
      for (const hidden of ['.admin-layout__aside', '.admin-layout__header', '.el-tabs__header', '[data-test="settlement-print"]', '.statement__filters']) {
        expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false)
      }

      // The browser's own print on A4: one sheet, the signatures on it.
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      writeFileSync(path.join(ARTIFACTS_DIR, '9-settlement-print.pdf'), pdf)
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
      expect(pages.length).toBe(1)
    })
  })
})
