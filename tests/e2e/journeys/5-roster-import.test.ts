import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Elder, Region } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Api, query, unusedIdNumber, unusedName, type Paged } from '../support/api.js'
import { journey, launchChromium, openMenu, signIn } from '../support/browser.js'

const baseUrl = inject('baseUrl')
let browser: Browser
let folder: string

beforeAll(async () => {
  browser = await launchChromium()
  folder = await mkdtemp(path.join(os.tmpdir(), 'eldercare-e2e-roster-'))
})
afterAll(async () => {
  await browser?.close()
  await rm(folder, { recursive: true, force: true })
})

interface RosterRow {
  name: string
  idNumber: string
  /** How the 身份证号 cell holds it: text, or a number as Excel keeps a long digit string typed without a quote. */
  idAs: 'text' | 'number'
  community: string
  categories: string
  phone: string
  since: string
}

/** The number with its check character changed: the typo a clerk makes. */
function withBadCheck(idNumber: string): string {
  return idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1')
}

/**
 * The roster as a town office sends it: a merged title row and a filler row above a two-row header
 * with merged cells, a 身份证号 stored as a number, stray spaces and a blank row between elders.
 */
async function messyRoster(rows: RosterRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  sheet.getCell('A1').value = '定海区老年人助餐对象花名册'
  sheet.mergeCells('A1:H1')
  sheet.getCell('A2').value = '填报单位：昌国街道　　填报日期：2024年3月'
  sheet.mergeCells('A2:H2')
  const merged: Record<string, string> = { A: '序号', B: '姓名', C: '身份证号码 ', D: '村（社区）', E: '人员\n类别', H: '纳入日期' }
  for (const [column, text] of Object.entries(merged)) {
    sheet.getCell(`${column}3`).value = text
    sheet.mergeCells(`${column}3:${column}4`)
  }
  sheet.getCell('F3').value = '联系方式'
  sheet.mergeCells('F3:G3')
  sheet.getCell('F4').value = '本人电话'
  sheet.getCell('G4').value = '代领人电话'
  let line = 5
  rows.forEach((row, index) => {
    if (index === 2) line += 1
    sheet.getRow(line).values = [
      index + 1,
      ` ${row.name} `,
      row.idAs === 'number' ? Number(row.idNumber) : `${row.idNumber}\u3000`,
      row.community,
      row.categories,
      row.phone,
      null,
      row.since,
    ]
    line += 1
  })
  sheet.getCell(`A${line}`).value = `合计：${rows.length}人`
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

describe('journey 5: importing a messy roster', () => {
  it('shows the row errors of a messy file, then imports the corrected file', async () => {
    const admin = await Api.signIn(baseUrl, 'bureau_admin')
    const { items: communities } = await admin.get<Paged<Region>>(`/regions?${query({ level: 'community' })}`)
    const [first, second] = communities.filter((region) => region.name.endsWith('社区居委会'))
    if (!first || !second) throw new Error('the demo district has no two 社区居委会')

    // A program (not Excel, which keeps 15 digits) wrote all 18 digits into a number cell: it reads back whole.
    const floatSafe = (id: string) => String(Number(id)) === id && id.replace(/0+$/, '').length > 15
    const rows: RosterRow[] = [
      {
        name: await unusedName(admin),
        idNumber: await unusedIdNumber(admin, '1946-02-14', { accept: floatSafe }),
        idAs: 'number',
        community: first.name,
        categories: '低保、独居',
        phone: '138 1234 5678',
        since: '2024年3月2日',
      },
      {
        name: await unusedName(admin),
        idNumber: await unusedIdNumber(admin, '1950-09-09'),
        idAs: 'text',
        community: `${second.name} `,
        categories: '失能',
        phone: '',
        since: '2024.3.2',
      },
      {
        name: await unusedName(admin),
        idNumber: await unusedIdNumber(admin, '1938-12-01'),
        idAs: 'text',
        community: first.name,
        categories: '',
        phone: '0580-2021234',
        since: '2024-03-02',
      },
    ]
    const badFile = path.join(folder, '花名册.xlsx')
    const fixedFile = path.join(folder, '花名册（已改）.xlsx')
    await writeFile(badFile, await messyRoster(rows.map((row, index) => (index === 1 ? { ...row, idNumber: withBadCheck(row.idNumber) } : row))))
    await writeFile(fixedFile, await messyRoster(rows))

    await journey(browser, { baseUrl, artifact: '5-roster-import' }, async (page) => {
      await signIn(page, 'bureau_admin')
      await openMenu(page, '老年人名册')
      await page.getByRole('button', { name: '导入名册' }).click()
      const dialog = page.getByRole('dialog', { name: '导入老年人名册（Excel）' })
      await dialog.waitFor()

      // The messy file: the check finds the bad 身份证号 on its line and writes nothing.
      await dialog.locator('input[type="file"]').setInputFiles(badFile)
      await dialog.getByText('文件有 1 个问题，请修改后重新选择文件').waitFor()
      const issue = dialog.locator('[data-test="import-issues"] .el-table__row')
      await issue.first().waitFor()
      expect(await issue.count()).toBe(1)
      expect((await issue.locator('td').allTextContents()).map((cell) => cell.trim())).toEqual(['6', '身份证号码', '身份证号校验位错误'])
      expect(await dialog.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true)

      // The corrected file passes the check and is imported.
      await dialog.locator('input[type="file"]').setInputFiles(fixedFile)
      await dialog.getByText('检查通过，可以确认导入').waitFor()
      await dialog.getByRole('button', { name: '确认导入' }).click()
      await dialog.locator('[data-test="import-done"]').waitFor()
      const cells = (await dialog.locator('[data-test="import-result"] td').allTextContents()).map((cell) => cell.trim())
      const result = Object.fromEntries(cells.flatMap((cell, index) => (index % 2 === 0 ? [[cell, cells[index + 1]]] : [])))
      expect(result).toEqual({ 行数: '3', 新增: '3', 更新: '0' })
      await dialog.getByRole('button', { name: '关闭', exact: true }).click()
      await dialog.waitFor({ state: 'hidden' })

      // The roster now finds the elder whose 身份证号 was wrong.
      await page.getByPlaceholder('姓名 / 拼音首字母 / 身份证后四位 / 手机号').fill(rows[1]!.name)
      await page.getByRole('button', { name: '查询', exact: true }).click()
      await page.locator('.el-table__row', { hasText: rows[1]!.name }).waitFor()
    })

    for (const row of rows) {
      const { items } = await admin.post<Paged<Elder>>('/elders/search', { q: row.idNumber })
      expect(items.map((elder) => elder.name)).toEqual([row.name])
    }
    const [numbered] = (await admin.post<Paged<Elder>>('/elders/search', { q: rows[0]!.idNumber })).items
    expect(numbered).toMatchObject({ communityCode: first.code, phoneMasked: '138****5678' })
    expect(numbered!.categories.map((entry) => [entry.category, entry.startOn])).toEqual([
      ['minimum_livelihood', '2024-03-02'],
      ['living_alone', '2024-03-02'],
    ])
  })
})
