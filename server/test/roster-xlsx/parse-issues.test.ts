import { describe, expect, it } from 'vitest'
import { ID_NUMBER_AS_FLOAT, parseRosterXlsx } from '../../src/elders/roster-xlsx/index.js'
import { excelDate, validId, withBadCheck, xlsx } from './fixtures.js'

const WANG = validId('19450302', '123')
const LI = validId('19380405', '224')
const ZHAO = validId('19491231', '002')

describe('parseRosterXlsx reports problems by row and column', () => {
  it('reports each bad row with its Excel row number and the column as written', async () => {
    const file = await xlsx((sheet) => {
      sheet.getCell('A1').value = '环南街道老年人花名册'
      sheet.mergeCells('A1:J1')
      sheet.addRow(['姓名', '身份证号码', '性别', '出生日期', '手机', '社区', '类别', '纳入日期', '人员状态', '死亡日期'])
      sheet.addRow(['王明', WANG, '男', '1945-03-02', '13812345678', '城东社区', '特困', '2024-01-01', '在册']) // 3
      // Excel keeps 15 digits: 330902194503021235 typed as a number becomes 3.30902194503021E+17.
      sheet.addRow(['钱进', 3.30902194503021e17, '男', null, null, '城东社区']) // 4
      sheet.addRow(['孙华', withBadCheck(LI), '女', null, null, '城东社区']) // 5
      sheet.addRow(['李芳', LI, '女', excelDate('1938-04-06'), null, '城东社区']) // 6
      sheet.addRow(['王明', `${WANG.slice(0, 17)}${WANG[17]}`, '男', null, null, '城东社区']) // 7
      sheet.addRow(['赵兰', ZHAO, '女', null, null, '城东社区', '特困、五保户、残疾']) // 8
      sheet.addRow(['吴英', validId('19360520', '128'), '女', null, null, '城东社区', null, null, '死亡']) // 9
      sheet.addRow(['郑强', validId('19410101', '111'), '男', null, '1381234567', '城东社区']) // 10
      sheet.addRow(['冯梅', validId('19420202', '222'), '女', null, null, '城东社区', '低保', '2024-02-30']) // 11
      sheet.addRow(['陈刚', validId('19430303', '332'), '男', null, null, '城东社区']) // 12
      sheet.addRow(['', validId('19440404', '441'), '男', null, null, '', null, null, '住院']) // 13
      sheet.addRow(['蒋丽', validId('19450505', '442'), '女', null, null, '城东社区', null, null, '在册', '2024-01-05']) // 14
    })

    const result = await parseRosterXlsx(file)

    expect(result.headerRow).toBe(2)
    expect(result.issues).toEqual([
      { line: 4, column: '身份证号码', message: ID_NUMBER_AS_FLOAT },
      { line: 5, column: '身份证号码', message: '身份证号校验位错误' },
      { line: 6, column: '出生日期', message: '出生日期与身份证号不符（身份证号中为 1938-04-05）' },
      { line: 7, column: '身份证号码', message: '身份证号与第 3 行重复' },
      { line: 8, column: '类别', message: '人员类别“五保户、残疾”无法识别，可填写：特困、低保、低边、失能、独居、计生特殊家庭、重点优抚、高龄' },
      { line: 9, column: '死亡日期', message: '状态为死亡时必须填写死亡日期' },
      { line: 10, column: '手机', message: '电话号码格式不正确：应为11位手机号，或带区号的固定电话（如 0580-2021234）' },
      { line: 11, column: '纳入日期', message: '纳入日期“2024-02-30”不是有效日期，请按 2024-03-01 的格式填写' },
      { line: 12, column: '性别', message: '性别与身份证号不符（身份证号中为女性）' },
      { line: 13, column: '姓名', message: '姓名不能为空' },
      { line: 13, column: '社区', message: '社区不能为空' },
      { line: 13, column: '人员状态', message: '状态“住院”无法识别，可填写：在册、迁出、入住机构、死亡' },
      { line: 14, column: '死亡日期', message: '填写了死亡日期，但状态为“在册”' },
    ])
    expect(result.rows.map((row) => row.line)).toEqual([3])
    expect(ID_NUMBER_AS_FLOAT).toContain('文本')
  })

  it('reports a float-corrupted number even when its digits happen to pass the checksum', async () => {
    // 18 digits, the last three 000 as Excel leaves them; the check character 0 happens to fit.
    let corrupted = ''
    for (let day = 1; day <= 28 && corrupted === ''; day++) {
      const candidate = `3309021945${String(3).padStart(2, '0')}${String(day).padStart(2, '0')}1000`
      if (validId(candidate.slice(6, 14), candidate.slice(14, 17)) === candidate) corrupted = candidate
    }
    expect(corrupted).not.toBe('')
    const file = await xlsx((sheet) => {
      sheet.addRow(['姓名', '身份证号', '社区'])
      sheet.addRow(['钱进', Number(corrupted), '城东社区'])
      sheet.getCell('B2').numFmt = '0'
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([{ line: 2, column: '身份证号', message: ID_NUMBER_AS_FLOAT }])
  })

  it('reports the same number twice even when the first row has other problems', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['姓名', '身份证号', '社区', '电话'])
      sheet.addRow(['王明', WANG, '城东社区', '123'])
      sheet.addRow(['王明', WANG.toLowerCase(), '城东社区', '13812345678'])
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([
      { line: 2, column: '电话', message: '电话号码格式不正确：应为11位手机号，或带区号的固定电话（如 0580-2021234）' },
      { line: 3, column: '身份证号', message: '身份证号与第 2 行重复' },
    ])
    expect(result.rows).toEqual([])
  })

  it('names a missing required column on the header row', async () => {
    const file = await xlsx((sheet) => {
      sheet.getCell('A1').value = '定海区2024年老年人助餐对象花名册'
      sheet.mergeCells('A1:D1')
      sheet.addRow(['序号', '姓名', '联系电话', '所属社区'])
      sheet.addRow([1, '王明', '13812345678', '城东社区'])
    })

    expect(await parseRosterXlsx(file)).toEqual({
      headerRow: 2,
      rows: [],
      issues: [{ line: 2, column: null, message: '缺少必填列：“身份证号”：请在下方指明是哪一列' }],
      // What the dialog shows, for the user to say which column holds the number (none does, here).
      columnsNeeded: {
        missing: ['idNumber'],
        columns: [
          { col: 1, header: '序号' },
          { col: 2, header: '姓名' },
          { col: 3, header: '联系电话' },
          { col: 4, header: '所属社区' },
        ],
        headerRows: [['序号', '姓名', '联系电话', '所属社区']],
        sampleRows: [['1', '王明', '13812345678', '城东社区']],
      },
    })
  })

  it('asks for a community column when there is neither 所属社区 nor 社区代码', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['姓名', '身份证号'])
      sheet.addRow(['王明', WANG])
    })

    expect((await parseRosterXlsx(file)).issues).toEqual([{ line: 1, column: null, message: '缺少必填列：“所属社区”或“社区代码”：请在下方指明是哪一列' }])
  })

  it('reads the first sheet that has a roster header', async () => {
    const file = await xlsx((sheet, workbook) => {
      sheet.addRow(['填表说明：请勿修改表头'])
      const roster = workbook.addWorksheet('花名册')
      roster.addRow(['姓名', '身份证号', '所属社区'])
      roster.addRow(['王明', WANG, '城东社区'])
    }, '说明')

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.rows.map((row) => row.idNumber)).toEqual([WANG])
  })

  it('refuses a file without a header, an empty roster and a file that is not xlsx', async () => {
    const noHeader = await xlsx((sheet) => {
      sheet.addRow(['王明', WANG, '城东社区'])
    })
    const empty = await xlsx((sheet) => {
      sheet.addRow(['姓名', '身份证号', '所属社区'])
    })

    expect(await parseRosterXlsx(noHeader)).toEqual({
      headerRow: 0,
      rows: [],
      issues: [{ line: 0, column: null, message: '未找到花名册表头：第一个工作表的前30行中应有“姓名”“身份证号”等列名' }],
    })
    expect((await parseRosterXlsx(empty)).issues).toEqual([{ line: 1, column: null, message: '表头下方没有老年人数据' }])
    expect((await parseRosterXlsx(Buffer.from('姓名,身份证号\n王明,1'))).issues).toEqual([
      { line: 0, column: null, message: '无法读取该文件：请上传 Excel 的 .xlsx 文件' },
    ])
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])
    expect((await parseRosterXlsx(xls)).issues[0]!.message).toContain('.xls')
  })

  it('stops at maxRows with one issue on the first row over the limit', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['姓名', '身份证号', '所属社区'])
      sheet.addRow(['王明', WANG, '城东社区'])
      sheet.addRow([])
      sheet.addRow(['李芳', LI, '城东社区'])
      sheet.addRow(['赵兰', ZHAO, '城东社区'])
    })

    expect(await parseRosterXlsx(file, { maxRows: 2 })).toEqual({
      headerRow: 1,
      rows: [],
      issues: [{ line: 5, column: null, message: '数据超过 2 行的上限，请拆分成多个文件分批导入' }],
    })
    expect((await parseRosterXlsx(file, { maxRows: 3 })).rows).toHaveLength(3)
  })
})
