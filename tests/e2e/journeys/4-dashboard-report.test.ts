import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { shownIndicatorValue, type Coverage, type IndicatorReport, type IndicatorValue } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { addDays, shanghaiToday } from '../../../server/src/http/dates.js'
import { Api, query } from '../support/api.js'
import { journey, launchChromium, openMenu, signIn, textIs, textWhen } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser
let folder: string

beforeAll(async () => {
  browser = await launchChromium()
  folder = await mkdtemp(path.join(os.tmpdir(), 'eldercare-e2e-report-'))
})
afterAll(async () => {
  await browser?.close()
  await rm(folder, { recursive: true, force: true })
})

/** How the dashboard card shows a value. */
function shownOnCard(indicator: IndicatorValue): string {
  if (indicator.value === null) return '—'
  // Cut to one decimal, as web/src/views/dashboard/data.ts formatValue shows it.
  const tenthsDown = (value: number) => (Math.floor(value * 10 + 1e-6) / 10).toFixed(1)
  if (indicator.unit === 'ratio') return `${tenthsDown(indicator.value * 100)}%`
  if (indicator.unit === 'per_10k') return tenthsDown(indicator.value)
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(indicator.value)
}

/** How the report's 数值 column holds a value: as the card shows it (shared indicator-rounding.ts), percentages for ratios. */
function shownInReport(indicator: IndicatorValue): number | string {
  return indicator.value === null ? '—' : shownIndicatorValue(indicator.unit, indicator.value)
}

/**
 * Clicks the coverage bar of `town`. The chart is a canvas: the tooltip (it follows the axis) finds the
 * bottom of the plot, then a sweep just above it finds a bar (ECharts shows a pointer over bars) whose
 * tooltip names the town.
 */
async function clickTownBar(page: Page, panel: Locator, town: string): Promise<void> {
  const chart = panel.locator('[_echarts_instance_]')
  const surface = chart.locator(':scope > div').first()
  const tooltip = chart.locator(':scope > div').nth(1)
  await surface.scrollIntoViewIfNeeded()
  const box = await surface.boundingBox()
  if (!box) throw new Error('the coverage chart is not on screen')

  let axisY: number | null = null
  for (let y = box.y + box.height - 2; y > box.y + box.height / 3 && axisY === null; y -= 3) {
    await page.mouse.move(box.x + box.width / 2, y)
    if (await tooltip.isVisible()) axisY = y
  }
  if (axisY === null) throw new Error('no tooltip over the coverage chart: cannot find its plot')

  // The run of positions over the town's bars; its middle is clicked, clear of any lag in the tooltip.
  const tooltipTown = async () => (await tooltip.innerText()).split('\n')[0]?.trim()
  const over: number[] = []
  for (let x = box.x + 2; x < box.x + box.width; x += 3) {
    await page.mouse.move(x, axisY - 3)
    const onBar = (await surface.getAttribute('style'))?.includes('cursor: pointer') ?? false
    if (onBar && (await tooltipTown()) === town) over.push(x)
    else if (over.length > 0) break
  }
  const x = over[Math.floor(over.length / 2)]
  if (x === undefined) throw new Error(`no bar of ${town} found in the coverage chart`)
  await page.mouse.move(x, axisY - 3)
  await vi.waitFor(async () => expect(await tooltipTown()).toBe(town), { timeout: 5_000, interval: 50 })
  await page.mouse.click(x, axisY - 3)
}

describe('journey 4: the dashboard and its report', () => {
  it('drills into a town, changes the as-of date and downloads the report, whose figures are the API’s', async () => {
    const staff = await Api.signIn(baseUrl, 'bureau_staff')
    const today = shanghaiToday()
    const asOf = addDays(today, -30)
    const year = Number(asOf.slice(0, 4))
    // The town with the highest coverage has the tallest bar.
    const coverage = await staff.get<Coverage>(`/coverage?${query({ asOf: today, groupBy: 'town' })}`)
    const town = [...coverage.rows].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0))[0]
    if (!town || !town.rate) throw new Error('no town of the demo district has meal coverage')
    const communities = await staff.get<Coverage>(`/coverage?${query({ asOf: today, townCode: town.key, groupBy: 'community' })}`)
    const expected = await staff.get<IndicatorReport>(`/indicators?${query({ year, asOf, townCode: town.key })}`)

    let reportFile = ''
    await journey(browser, { baseUrl, artifact: '4-dashboard-report' }, async (page) => {
      await signIn(page, 'bureau_staff')
      await openMenu(page, '指标看板')
      const panel = page.locator('.coverage-panel')
      await panel.getByText('各镇街助餐覆盖率').waitFor()

      await clickTownBar(page, panel, town.name)
      await panel.getByText(`${town.name}各村社助餐覆盖情况`).waitFor()
      const rows = panel.locator('[data-test="coverage-communities"] .el-table__body tr')
      await textWhen(rows.first(), (text) => text.length > 0)
      expect(await rows.count()).toBe(communities.rows.length)
      expect(await panel.locator('[data-test="coverage-communities"] .el-table__body tr td:first-child').allTextContents()).toEqual(
        communities.rows.map((row) => row.name),
      )

      // Another as-of date: the cards show the town's figures on that day.
      const date = page.getByLabel('截至日期')
      await date.fill(asOf)
      await date.press('Enter')
      const coverageCard = page.locator('[data-test="indicator-meal_coverage_rate"] [data-test="indicator-value"]')
      const expectedCoverage = expected.indicators.find((indicator) => indicator.key === 'meal_coverage_rate')!
      await textIs(coverageCard, shownOnCard(expectedCoverage))
      for (const indicator of expected.indicators) {
        await textIs(page.locator(`[data-test="indicator-${indicator.key}"] [data-test="indicator-value"]`), shownOnCard(indicator))
      }

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出指标报表' }).click()])
      expect(download.suggestedFilename()).toBe(`养老服务指标报表-${asOf}.xlsx`)
      reportFile = path.join(folder, download.suggestedFilename())
      await download.saveAs(reportFile)
    })

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readFile(reportFile)) as unknown as Parameters<typeof workbook.xlsx.load>[0])
    const sheet = workbook.getWorksheet('年度指标')
    if (!sheet) throw new Error(`the report has no sheet 年度指标, only ${workbook.worksheets.map((item) => item.name).join(', ')}`)
    expect(String(sheet.getCell('A1').value)).toContain(asOf)
    expect(String(sheet.getCell('A1').value)).toContain(town.name)

    // One row per indicator, in the API's order: 指标 (B), 分子 (D), 分母 (F), 数值 (G).
    const byName = new Map<string, ExcelJS.Row>()
    sheet.eachRow((row) => byName.set(String(row.getCell('B').value), row))
    const coverageRow = byName.get('老年助餐服务覆盖率')
    const coverageRate = expected.indicators.find((indicator) => indicator.key === 'meal_coverage_rate')!
    expect(coverageRow, 'the row of 老年助餐服务覆盖率').toBeDefined()
    expect([coverageRow!.getCell('D').value, coverageRow!.getCell('F').value, coverageRow!.getCell('G').value]).toEqual([
      coverageRate.numerator,
      coverageRate.denominator,
      shownInReport(coverageRate),
    ])
    expected.indicators.forEach((indicator, index) => {
      const row = sheet.getRow(3 + index)
      expect([row.getCell('D').value, row.getCell('F').value, row.getCell('G').value], indicator.key).toEqual([
        indicator.numerator,
        indicator.denominator ?? '—',
        shownInReport(indicator),
      ])
    })
  })
})
