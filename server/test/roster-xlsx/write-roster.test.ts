import { maskIdNumber, maskPhone } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import {
  ADVANCED_AGE_LABEL,
  CATEGORY_LABELS,
  CATEGORY_SEPARATOR,
  GENDER_LABELS,
  LEVEL_LABELS,
  parseRosterXlsx,
  ROSTER_SHEET_NAME,
  STATUS_LABELS,
  writeRosterXlsx,
  type RosterExportRow,
  type RosterRow,
} from '../../src/elders/roster-xlsx/index.js'
import { idEndingInX, openXlsx, validId } from './fixtures.js'

const HEADERS = ['序号', '姓名', '身份证号', '性别', '出生日期', '年龄', '联系电话', '所属镇街', '所属社区', '社区代码', '人员类别', '失能等级', '状态', '死亡日期', '饮食禁忌', '代领人', '代领人关系', '代领人电话']

/** Elders as the parser hands them over, covering every field the export carries. */
const ELDERS: RosterRow[] = [
  {
    line: 3,
    name: '王明',
    idNumber: validId('19450302', '123'),
    gender: 'male',
    birthDate: '1945-03-02',
    phone: '13812345678',
    communityName: '城东社区',
    communityCode: '330902001001',
    categories: [
      { category: 'destitute', level: null, startOn: null },
      { category: 'disabled', level: 'severe', startOn: null },
    ],
    status: 'active',
    deceasedOn: null,
    dietaryNotes: '忌辛辣',
    delegate: { name: '王小明', relation: '儿子', phone: '0580-2021234' },
  },
  {
    line: 4,
    name: '赵兰',
    idNumber: idEndingInX('19381231', 'female'),
    gender: 'female',
    birthDate: '1938-12-31',
    phone: null,
    communityName: '干𬒗村',
    communityCode: '330902101201',
    categories: [{ category: 'living_alone', level: null, startOn: null }],
    status: 'deceased',
    deceasedOn: '2024-02-10',
    dietaryNotes: null,
    delegate: { name: '赵小兰', relation: null, phone: null },
  },
  {
    line: 5,
    name: '阿依古丽·买买提',
    idNumber: validId('19500101', '022'),
    gender: 'female',
    birthDate: '1950-01-01',
    phone: '0580-2021234',
    communityName: '城西社区',
    communityCode: null,
    categories: [],
    status: 'moved_away',
    deceasedOn: null,
    dietaryNotes: '清真',
    delegate: null,
  },
]

/** What the elders service would hand the writer: labels in Chinese, 高龄 shown for those 80+. */
function toExportRow(elder: RosterRow, reveal: boolean): RosterExportRow {
  const labels = elder.categories.map((entry) => CATEGORY_LABELS[entry.category])
  const age = 2024 - Number(elder.birthDate.slice(0, 4))
  if (age >= 80) labels.push(ADVANCED_AGE_LABEL)
  const level = elder.categories.find((entry) => entry.level)?.level
  return {
    name: elder.name,
    idNumber: reveal ? elder.idNumber : maskIdNumber(elder.idNumber),
    gender: GENDER_LABELS[elder.gender],
    birthDate: elder.birthDate,
    age,
    phone: elder.phone && !reveal ? maskPhone(elder.phone) : elder.phone,
    townName: '环南街道',
    communityName: elder.communityName,
    communityCode: elder.communityCode,
    categories: labels.join(CATEGORY_SEPARATOR) || null,
    disabilityLevel: level ? LEVEL_LABELS[level] : null,
    status: STATUS_LABELS[elder.status],
    deceasedOn: elder.deceasedOn,
    dietaryNotes: elder.dietaryNotes,
    delegateName: elder.delegate?.name ?? null,
    delegateRelation: elder.delegate?.relation ?? null,
    delegatePhone: elder.delegate?.phone ?? null,
  }
}

describe('writeRosterXlsx', () => {
  it('writes a titled, frozen sheet with text-formatted numbers', async () => {
    const file = await writeRosterXlsx(
      ELDERS.map((elder) => toExportRow(elder, false)),
      { title: '定海区2024年老年人助餐对象花名册' },
    )

    const workbook = await openXlsx(file)
    const sheet = workbook.getWorksheet(ROSTER_SHEET_NAME)!
    expect(workbook.worksheets.map((s) => s.name)).toEqual([ROSTER_SHEET_NAME])
    expect(sheet.getCell('A1').value).toBe('定海区2024年老年人助餐对象花名册')
    expect(sheet.getCell('R1').isMerged).toBe(true)
    expect(sheet.getCell('R1').master.address).toBe('A1')
    expect(sheet.getCell('A1').font.bold).toBe(true)
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(HEADERS)
    expect(sheet.getCell('C2').font.bold).toBe(true)
    expect(sheet.getCell('C2').border.bottom?.style).toBe('thin')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(20)

    // Masked 身份证号 and phones as the caller passed them, stored as text cells in text format.
    expect(sheet.getCell('A3').value).toBe(1)
    expect(sheet.getCell('C3').value).toBe(maskIdNumber(ELDERS[0]!.idNumber))
    expect(sheet.getCell('G3').value).toBe('138****5678')
    for (const address of ['C3', 'G3', 'J3', 'R3', 'C5']) expect(sheet.getCell(address).numFmt).toBe('@')
    expect(sheet.getCell('K3').value).toBe('特困、失能')
    expect(sheet.getCell('K4').value).toBe('独居、高龄')
    expect(sheet.getCell('L3').value).toBe('重度')
    expect(sheet.getCell('M4').value).toBe('死亡')
    expect(sheet.getCell('I4').value).toBe('干𬒗村')
    expect(sheet.rowCount).toBe(2 + ELDERS.length)
  })

  it('writes a file with revealed numbers that the parser reads back to the same elders', async () => {
    const file = await writeRosterXlsx(
      ELDERS.map((elder) => toExportRow(elder, true)),
      { title: '定海区老年人花名册' },
    )

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.headerRow).toBe(2)
    expect(result.rows).toEqual(ELDERS)
  })

  it('keeps 身份证号 as text even when it has no X', async () => {
    const idNumber = validId('19450302', '123')
    const file = await writeRosterXlsx([{ ...toExportRow(ELDERS[0]!, true), idNumber }], { title: '花名册' })

    const sheet = (await openXlsx(file)).getWorksheet(ROSTER_SHEET_NAME)!
    expect(sheet.getCell('C3').value).toBe(idNumber)
    expect(sheet.getCell('C3').type).toBe(3) // ValueType.String, not Number
  })
})
