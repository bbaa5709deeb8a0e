import { periodDueOn, type BedReport, type IndicatorReport, type IndicatorValue, type InstitutionSettings } from '@eldercare/shared'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { shanghaiToday } from '../../../server/src/http/dates.js'
import { Api, query, type Paged } from '../support/api.js'
import { journey, launchChromium, openMenu, signIn, signOut, textIs } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

async function nursingBedShare(api: Api, asOf: string): Promise<IndicatorValue> {
  const report = await api.get<IndicatorReport>(`/indicators?${query({ asOf })}`)
  const share = report.indicators.find((indicator) => indicator.key === 'nursing_bed_share')
  if (!share) throw new Error('the indicator report has no nursing_bed_share')
  return share
}

/** `57.6%`: how the dashboard shows a ratio, cut to one decimal (web/src/views/dashboard/data.ts formatValue). */
const percent = (value: number | null) => (value === null ? '—' : `${(Math.floor(value * 1000 + 1e-6) / 10).toFixed(1)}%`)

/** The number input of one figure of the bed report form. */
function figure(page: Page, field: string) {
  return page.locator(`[data-test="field-${field}"]`)
}

async function typeFigure(page: Page, field: string, value: number): Promise<void> {
  const input = figure(page, field).getByRole('spinbutton')
  await input.fill(String(value))
  await input.press('Tab')
}

describe('journey 3: a bed report from filing to the dashboard', () => {
  it('shows the mistake on its field, submits the corrected report, and the approved figures move the nursing-bed share', async () => {
    const today = shanghaiToday()
    const period = periodDueOn(today)
    const reporter = await Api.signIn(baseUrl, 'institution_reporter')
    const staff = await Api.signIn(baseUrl, 'bureau_staff')
    const { items: filed } = await reporter.get<Paged<BedReport>>(`/bed-reports?${query({ period })}`)
    if (filed.length > 0) throw new Error(`the demo institution has already filed ${period}: journey 3 needs a fresh demo database`)
    const { items: approved } = await reporter.get<Paged<BedReport>>(`/bed-reports?${query({ status: 'approved', pageSize: 100 })}`)
    const latest = approved.sort((a, b) => b.period.localeCompare(a.period))[0]
    if (!latest) throw new Error('the demo institution has no approved bed report to start from')
    const last = latest.figures
    const { changeThresholdPercent } = await reporter.get<InstitutionSettings>('/institution-settings')
    const before = await nursingBedShare(staff, today)

    // New nursing beds: small enough to need no explanation of the change, large enough to move the share
    // as the dashboard shows it (0.1%) whatever the rounding.
    const added = Math.min(Math.floor((last.nursingBeds * changeThresholdPercent) / 100), last.totalBeds - last.nursingBeds)
    if (before.denominator === null || added < Math.ceil(before.denominator * 0.002)) {
      throw new Error(`the demo institution's beds (${last.nursingBeds} of ${last.totalBeds}) cannot move the district's share visibly`)
    }
    const nursingBeds = last.nursingBeds + added

    await journey(browser, { baseUrl, artifact: '3-bed-report' }, async (page) => {
      await signIn(page, 'institution_reporter')
      await openMenu(page, '床位填报')
      await page.locator('[data-test="file-report"]').click()
      await page.waitForURL('**/bed-reports/file**')
      // A new report starts from the last approved figures; typing before they arrive would be overwritten.
      await page.getByText(`灰字为 ${latest.period} 审核通过的数据`).waitFor()
      await page.getByText('未填报', { exact: true }).waitFor()

      // The mistake: more nursing beds than beds. The message stands under that field.
      await typeFigure(page, 'nursingBeds', last.totalBeds + 10)
      await figure(page, 'nursingBeds').getByRole('alert').getByText(`不能超过床位总数：${last.totalBeds}`).waitFor()
      await page.getByRole('button', { name: '提交审核', exact: true }).click()
      await page.getByText('请先按提示修改数据').waitFor()

      // Corrected, the message goes and the report is submitted.
      await typeFigure(page, 'nursingBeds', nursingBeds)
      await figure(page, 'nursingBeds').getByRole('alert').waitFor({ state: 'detached' })
      await page.getByRole('button', { name: '提交审核', exact: true }).click()
      const confirm = page.getByRole('dialog', { name: '提交审核' })
      await confirm.getByRole('button', { name: '确定' }).click()
      await page.getByText('待审核', { exact: true }).waitFor()
      const { items: submitted } = await reporter.get<Paged<BedReport>>(`/bed-reports?${query({ period })}`)
      expect(submitted.map((report) => [report.status, report.figures.nursingBeds])).toEqual([['submitted', nursingBeds]])

      // The bureau sees the share on its dashboard, approves the report from its review queue, and the share moves.
      await signOut(page, 'institution_reporter')
      await signIn(page, 'bureau_staff')
      await openMenu(page, '指标看板')
      const shareCard = page.locator('[data-test="indicator-nursing_bed_share"] [data-test="indicator-value"]')
      const shownBefore = await textIs(shareCard, percent(before.value))

      await openMenu(page, '床位填报')
      const row = page.getByRole('row').filter({ hasText: latest.facilityName }).filter({ hasText: period })
      await row.locator('[data-test="approve"]').click()
      await page.getByRole('dialog', { name: '通过' }).getByRole('button', { name: '确定' }).click()
      await page.getByText('已审核通过').waitFor()

      const after = await nursingBedShare(staff, today)
      expect(after.numerator - before.numerator).toBe(added)
      expect(after.denominator).toBe(before.denominator)
      await openMenu(page, '指标看板')
      const shownAfter = await textIs(shareCard, percent(after.value))
      expect(shownAfter).not.toBe(shownBefore)
    })
  })
})
