import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { journey, launchChromium, signIn } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

/** How far the records table overflows its card sideways, in pixels: 0 when nothing hides behind a scroll. */
async function tableOverflow(page: Page): Promise<number> {
  return page.locator('.data-table .el-table__body-wrapper .el-scrollbar__wrap').first().evaluate((element) => element.scrollWidth - element.clientWidth)
}

describe('journey 8: an operator’s day, on a tablet and an office screen', () => {
  it('lands on the counter, finds the records through a labelled drawer at 768 px, and reads every row without pressing 查询', async () => {
    await journey(browser, { baseUrl, artifact: '8-operator-day-768', viewport: { width: 768, height: 1024 } }, async (page) => {
      await signIn(page, 'canteen_operator')
      // The counter, not a placeholder home page.
      await page.waitForURL('**/meals/counter')
      await page.getByPlaceholder('姓名 / 拼音首字母 / 身份证后 4 位 / 手机号，或刷卡').waitFor()
      expect(await page.getByText('这里将陆续提供').count()).toBe(0)

      // No icon rail: the menu is a drawer with words, opened from the header.
      expect(await page.locator('.admin-layout__aside').count()).toBe(0)
      await page.getByRole('button', { name: '展开或收起菜单' }).click()
      const menu = page.getByRole('menubar')
      await menu.getByRole('menuitem', { name: '助餐登记' }).waitFor()
      await menu.getByRole('menuitem', { name: '助餐记录' }).click()
      await page.waitForURL('**/meals/records')
      await menu.waitFor({ state: 'hidden' })

      // The first rows carry everything at once; what does not fit opens under the row.
      const firstRow = page.locator('.data-table .el-table__body tr.el-table__row').first()
      await firstRow.waitFor()
      expect(await tableOverflow(page)).toBeLessThanOrEqual(1)
      await firstRow.locator('.el-table__expand-icon').click()
      const detail = page.locator('[data-test="row-detail"]').first()
      await detail.waitFor()
      const facility = (await detail.locator('.el-descriptions__cell', { hasText: '助餐点' }).locator('xpath=following-sibling::*[1]').first().textContent())?.trim()
      expect(facility).toBeTruthy()
      const recorder = (await detail.locator('.el-descriptions__cell', { hasText: '登记人' }).locator('xpath=following-sibling::*[1]').first().textContent())?.trim()
      expect(recorder).toBeTruthy()
      expect(recorder).not.toBe('canteen_operator')
    })
  })

  it('at 1366 × 768 shows each record’s 助餐点 on opening, with the table fitting its card', async () => {
    await journey(browser, { baseUrl, artifact: '8-operator-day-1366', viewport: { width: 1366, height: 768 } }, async (page) => {
      await signIn(page, 'canteen_operator')
      await page.waitForURL('**/meals/counter')
      await page.getByRole('menubar').getByRole('menuitem', { name: '助餐记录' }).click()
      const header = page.locator('.data-table .el-table__header th')
      await header.filter({ hasText: '助餐点' }).waitFor()
      const headers = (await header.allTextContents()).map((text) => text.trim())
      const column = headers.indexOf('助餐点')
      const firstRow = page.locator('.data-table .el-table__body tr.el-table__row').first()
      await firstRow.waitFor()
      const cell = ((await firstRow.locator('td').nth(column).textContent()) ?? '').trim()
      expect(cell).not.toBe('')
      expect(await tableOverflow(page)).toBeLessThanOrEqual(1)
    })
  })
})
