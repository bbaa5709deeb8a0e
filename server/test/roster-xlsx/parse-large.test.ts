import { describe, expect, it } from 'vitest'
import { parseRosterXlsx } from '../../src/elders/roster-xlsx/index.js'
import { validId, xlsx } from './fixtures.js'

const ROWS = 20_000
const COMMUNITIES = ['城东社区', '城西社区', '环南村', '干𬒗村']
const CATEGORIES = ['特困', '低保、独居', '失能', '', '低边、计生特殊家庭', '重点优抚、高龄']

/** A whole district's roster: 20,000 elders with a valid, distinct 身份证号 each. */
async function bigRoster(): Promise<Buffer> {
  return xlsx((sheet) => {
    sheet.getCell('A1').value = '定海区2024年老年人助餐对象花名册'
    sheet.mergeCells('A1:M1')
    sheet.addRow(['序号', '姓名', '身份证号', '性别', '出生日期', '联系电话', '所属社区', '社区代码', '人员类别', '失能等级', '纳入日期', '状态', '饮食禁忌'])
    for (let i = 0; i < ROWS; i++) {
      const birth = new Date(Date.UTC(1930, 0, 1) + (i % 9000) * 86_400_000)
      const birthText = birth.toISOString().slice(0, 10)
      const idNumber = validId(birthText.replaceAll('-', ''), String(100 + Math.floor(i / 9000) * 2 + (i % 2)))
      const category = CATEGORIES[i % CATEGORIES.length]!
      sheet.addRow([
        i + 1,
        `老人${i}`,
        idNumber,
        i % 2 === 1 ? '男' : '女',
        birthText,
        `138${String(i).padStart(8, '0')}`,
        COMMUNITIES[i % COMMUNITIES.length],
        `3309020010${String(i % 90).padStart(2, '0')}`,
        category,
        category === '失能' ? '中度' : null,
        '2024-01-01',
        '在册',
        i % 7 === 0 ? '低盐' : null,
      ])
    }
  })
}

describe('parseRosterXlsx on a district-sized file', () => {
  // Speed is measured by `pnpm bench import`, not asserted here.
  it(`parses ${ROWS} rows without issues`, async () => {
    const file = await bigRoster()
    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.rows).toHaveLength(ROWS)
    expect(result.rows[ROWS - 1]!.line).toBe(ROWS + 2)
  })
})
