import { describe, expect, it } from 'vitest'
import { parseRosterXlsx } from '../../src/elders/roster-xlsx/index.js'
import { headerKey } from '../../src/elders/roster-xlsx/header.js'
import { excelDate, validId, xlsx } from './fixtures.js'

const WANG = validId('19440202', '111')
const LI = validId('19500505', '122')

describe('parseRosterXlsx reads a column by what its header means', () => {
  it.each([
    [['老人姓名', '公民身份证件号', '所在村（居）', '手机号', '出生年月']],
    [['姓 名', '身份证件号码', '居委会名称', '联系手机', '生日']],
    [['名字', '证件号', '所属村社', '电话号码', '出生时间']],
  ])('header %j', async (headers) => {
    const file = await xlsx((sheet) => {
      sheet.addRow(headers)
      sheet.addRow(['王明', WANG, '城东社区', '13812345678', excelDate('1944-02-02')])
      sheet.addRow(['李芳', LI, '城东社区', '13912345678', excelDate('1950-05-05')])
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.rows.map((row) => [row.name, row.idNumber, row.communityName, row.phone, row.birthDate])).toEqual([
      ['王明', WANG, '城东社区', '13812345678', '1944-02-02'],
      ['李芳', LI, '城东社区', '13912345678', '1950-05-05'],
    ])
  })

  it('checks the words against the values: 所在村 full of 12-digit codes is the 社区代码, and an unnamed column of 18-character numbers is the 身份证号', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['姓名', '证件类型', '号码', '所在村'])
      sheet.addRow(['王明', '居民身份证', WANG, '330902001001'])
      sheet.addRow(['李芳', '居民身份证', LI, '330902001200'])
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.rows.map((row) => [row.idNumber, row.communityCode, row.communityName])).toEqual([
      [WANG, '330902001001', null],
      [LI, '330902001200', null],
    ])
  })

  it('reads a merged two-row header whose 人员类别 spans one ticked sub-column per category', async () => {
    const file = await xlsx((sheet) => {
      sheet.getCell('A1').value = '定海区老年助餐对象花名册'
      sheet.mergeCells('A1:H1')
      sheet.addRow(['序号', '基本信息', '', '', '人员类别', '', '', '联系方式'])
      sheet.addRow(['', '姓名', '身份证号', '所在社区', '特困', '低保', '独居', '本人电话'])
      sheet.mergeCells('A2:A3')
      sheet.mergeCells('B2:D2')
      sheet.mergeCells('E2:G2')
      sheet.addRow([1, '王明', WANG, '城东社区', '✓', '', '√', '13812345678'])
      sheet.addRow([2, '李芳', LI, '城东社区', '', '是', '', ''])
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.headerRow).toBe(2)
    expect(result.rows.map((row) => [row.name, row.communityName, row.categories.map((entry) => entry.category), row.phone])).toEqual([
      ['王明', '城东社区', ['destitute', 'living_alone'], '13812345678'],
      ['李芳', '城东社区', ['minimum_livelihood'], null],
    ])
  })

  it('asks which column it is when a required one cannot be told, and reads the file once told', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['户主', '编号', '片区'])
      sheet.addRow(['王明', WANG, '城东社区'])
      sheet.addRow(['李芳', LI, '城东社区'])
    })

    const asked = await parseRosterXlsx(file)
    expect(asked.rows).toEqual([])
    // The number is found by its values; the name and the community are not.
    expect(asked.columnsNeeded).toEqual({
      missing: ['name', 'community'],
      columns: [
        { col: 1, header: '户主' },
        { col: 2, header: '编号' },
        { col: 3, header: '片区' },
      ],
      headerRows: [['户主', '编号', '片区']],
      sampleRows: [
        ['王明', WANG, '城东社区'],
        ['李芳', LI, '城东社区'],
      ],
    })

    const told = await parseRosterXlsx(file, { mappings: new Map([[headerKey('户主'), 'name'], [headerKey('片区'), 'community']]) })
    expect(told.issues).toEqual([])
    expect(told.columnsNeeded).toBeUndefined()
    expect(told.rows.map((row) => [row.name, row.idNumber, row.communityName])).toEqual([
      ['王明', WANG, '城东社区'],
      ['李芳', LI, '城东社区'],
    ])
  })
})
