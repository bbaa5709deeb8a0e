import { describe, expect, it } from 'vitest'
import { parseRosterXlsx } from '../../src/elders/roster-xlsx/index.js'
import { excelDate, excelSerial, fullWidth, idEndingInX, validId, xlsx } from './fixtures.js'

/** 17 significant digits: no Excel typed this, a program wrote it whole, and it survives as a float. */
const SAFE_NUMBER_ID = '330902193804051260'
const WANG = validId('19450302', '123')
const ZHAO = idEndingInX('19491231', 'female')
const SUN = validId('19420815', '311')
const ZHOU = validId('19400101', '215')
const WU = validId('19360520', '128')

/**
 * The roster as a town office sends it: two title rows, a two-row header with merged cells, and
 * data typed in every way Excel allows.
 */
async function messyRoster(): Promise<Buffer> {
  return xlsx((sheet) => {
    sheet.getCell('A1').value = '定海区2024年老年人助餐对象花名册'
    sheet.mergeCells('A1:P1')
    sheet.getCell('A2').value = '填报单位：环南街道'
    sheet.getCell('L2').value = '填报日期：2024年3月'

    const merged = { A: '序号', B: '姓名 ', C: '身份证号码\u3000', D: '性别', E: '出生日期', H: '代领人', I: '与老人关系', J: '村（社区）', K: '人员\n类别', L: '失能等级', M: '纳入日期', N: '状态', O: '死亡日期', P: '备注' }
    for (const [col, text] of Object.entries(merged)) {
      sheet.getCell(`${col}3`).value = text
      sheet.mergeCells(`${col}3:${col}4`)
    }
    sheet.getCell('F3').value = '联系方式'
    sheet.mergeCells('F3:G3')
    sheet.getCell('F4').value = '本人电话'
    sheet.getCell('G4').value = '代领人电话'

    sheet.getRow(5).values = [1, '  王\u3000明 ', `  ${WANG}\u3000`, '男 ', excelDate('1945-03-02'), '13812345678 ', '139 0000 1111', '王小明', '儿子', '城东社区 ', '特困、失能', '重度', '2024年3月2日', '在册', null, '  忌辛辣\u3000']
    // row 6 left blank
    sheet.getRow(7).values = [2, '李芳', Number(SAFE_NUMBER_ID), '女', excelSerial('1938-04-05'), '0580 2021234', null, null, null, '城东社区', '低保', null, '2024.3.2', '正常']
    sheet.getRow(8).values = [3, '赵兰', `330902 1949 1231 ${ZHAO.slice(14, 17)}${ZHAO[17]!.toLowerCase()}`, '女', '1949-12-31', null, null, null, null, '城东社区\u3000', '独居', null, '2024-03-02']
    sheet.getRow(9).values = [4]
    sheet.getRow(10).values = [5, '孙 华', fullWidth(SUN), '男', '19420815', '138-1234-5678', null, null, null, '城西社区', '特困供养，失能失智；独居', '重', '2024/3/2', '正常']
    sheet.getRow(11).values = [
      6,
      { richText: [{ text: '周' }, { text: '杰', font: { bold: true } }] },
      { formula: 'TEXT(Z11,"0")', result: ZHOU },
      '男',
      19400101,
      null,
      null,
      null,
      null,
      null,
      '低边',
      null,
      '20240302',
      '',
      null,
      { formula: 'CONCAT("忌","生冷")', result: '忌生冷' },
    ]
    sheet.mergeCells('J10:J11')
    sheet.getRow(12).values = [7, '吴英', WU, '女', '1936/5/20', null, null, null, null, '城东社区', '独居', null, 20240302, '死亡', excelDate('2024-02-10')]
    sheet.getRow(13).values = [null, '   ', '\u3000']
    sheet.getCell('A14').value = '合计：6人'
    sheet.mergeCells('A14:P14')
  })
}

describe('parseRosterXlsx on a messy file', () => {
  it('finds the two-row header under the titles and reads every row', async () => {
    const result = await parseRosterXlsx(await messyRoster())

    expect(result.issues).toEqual([])
    expect(result.headerRow).toBe(3)
    expect(result.rows).toEqual([
      {
        line: 5,
        name: '王明',
        idNumber: WANG,
        gender: 'male',
        birthDate: '1945-03-02',
        phone: '13812345678',
        communityName: '城东社区',
        communityCode: null,
        categories: [
          { category: 'destitute', level: null, startOn: '2024-03-02' },
          { category: 'disabled', level: 'severe', startOn: '2024-03-02' },
        ],
        status: 'active',
        deceasedOn: null,
        dietaryNotes: '忌辛辣',
        delegate: { name: '王小明', relation: '儿子', phone: '13900001111' },
      },
      {
        line: 7,
        name: '李芳',
        idNumber: SAFE_NUMBER_ID,
        gender: 'female',
        birthDate: '1938-04-05',
        phone: '0580-2021234',
        communityName: '城东社区',
        communityCode: null,
        categories: [{ category: 'minimum_livelihood', level: null, startOn: '2024-03-02' }],
        status: 'active',
        deceasedOn: null,
        dietaryNotes: null,
        delegate: null,
      },
      {
        line: 8,
        name: '赵兰',
        idNumber: ZHAO,
        gender: 'female',
        birthDate: '1949-12-31',
        phone: null,
        communityName: '城东社区',
        communityCode: null,
        categories: [{ category: 'living_alone', level: null, startOn: '2024-03-02' }],
        status: 'active',
        deceasedOn: null,
        dietaryNotes: null,
        delegate: null,
      },
      {
        line: 10,
        name: '孙华',
        idNumber: SUN,
        gender: 'male',
        birthDate: '1942-08-15',
        phone: '13812345678',
        communityName: '城西社区',
        communityCode: null,
        categories: [
          { category: 'destitute', level: null, startOn: '2024-03-02' },
          { category: 'disabled', level: 'severe', startOn: '2024-03-02' },
          { category: 'living_alone', level: null, startOn: '2024-03-02' },
        ],
        status: 'active',
        deceasedOn: null,
        dietaryNotes: null,
        delegate: null,
      },
      {
        line: 11,
        name: '周杰',
        idNumber: ZHOU,
        gender: 'male',
        birthDate: '1940-01-01',
        phone: null,
        communityName: '城西社区',
        communityCode: null,
        categories: [{ category: 'marginal_low_income', level: null, startOn: '2024-03-02' }],
        status: 'active',
        deceasedOn: null,
        dietaryNotes: '忌生冷',
        delegate: null,
      },
      {
        line: 12,
        name: '吴英',
        idNumber: WU,
        gender: 'female',
        birthDate: '1936-05-20',
        phone: null,
        communityName: '城东社区',
        communityCode: null,
        categories: [{ category: 'living_alone', level: null, startOn: '2024-03-02' }],
        status: 'deceased',
        deceasedOn: '2024-02-10',
        dietaryNotes: null,
        delegate: null,
      },
    ])
  })

  it('names columns in issues as the file writes them, sub-headers included', async () => {
    const file = await xlsx((sheet) => {
      sheet.getCell('A1').value = '花名册'
      sheet.mergeCells('A1:H1')
      sheet.getRow(2).values = ['姓名', '身份证号码', '村（社区）', '联系方式', null, '代领人', null, null]
      for (const col of ['A', 'B', 'C']) sheet.mergeCells(`${col}2:${col}3`)
      sheet.mergeCells('D2:E2')
      sheet.mergeCells('F2:H2')
      sheet.getRow(3).values = [null, null, null, '本人电话', '座机', '姓名', '关系', '电话']
      sheet.getRow(4).values = ['王明', withoutCheck(WANG), '城东社区', '12345', null, '王小明', '儿子', '13900001111']
      sheet.getRow(5).values = ['李芳', SAFE_NUMBER_ID, '城东社区', null, null, null, '女儿', '0580-2021234']
      sheet.getRow(6).values = ['赵兰', ZHAO, '城东社区', null, null, '赵小兰', '女儿', '0580-2021234']
    })

    const result = await parseRosterXlsx(file)

    expect(result.headerRow).toBe(2)
    expect(result.issues).toEqual([
      { line: 4, column: '身份证号码', message: '身份证号应为18位，现为17位' },
      { line: 4, column: '本人电话', message: '电话号码格式不正确：应为11位手机号，或带区号的固定电话（如 0580-2021234）' },
      { line: 5, column: '代领人姓名', message: '填写了代领人关系或电话，但没有填写代领人姓名' },
    ])
    expect(result.rows).toEqual([
      expect.objectContaining({ line: 6, name: '赵兰', delegate: { name: '赵小兰', relation: '女儿', phone: '0580-2021234' } }),
    ])
  })

  it('reads a header whose labels sit in the upper of two unmerged rows', async () => {
    const file = await xlsx((sheet) => {
      sheet.getRow(1).values = ['姓名', '身份证号', '社区', '联系方式']
      sheet.getRow(2).values = [null, null, null, '手机号码']
      sheet.getRow(3).values = ['王明', WANG, '城东社区', '13812345678']
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.headerRow).toBe(1)
    expect(result.rows).toEqual([expect.objectContaining({ line: 3, name: '王明', phone: '13812345678', communityName: '城东社区' })])
  })
})

function withoutCheck(idNumber: string): string {
  return idNumber.slice(0, 17)
}
