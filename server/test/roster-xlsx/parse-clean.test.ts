import { describe, expect, it } from 'vitest'
import { parseRosterXlsx, type RosterRow } from '../../src/elders/roster-xlsx/index.js'
import { excelDate, validId, xlsx } from './fixtures.js'

const HEADER = ['姓名', '身份证号', '性别', '出生日期', '联系电话', '所属社区', '社区代码', '人员类别', '失能等级', '纳入日期', '状态', '死亡日期', '饮食禁忌', '代领人', '代领人关系', '代领人电话']

const WANG = validId('19450302', '123')
const LI = validId('19380405', '224')
const ZHAO = validId('19491231', '002')

describe('parseRosterXlsx on a clean file', () => {
  it('reads every column of every row', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(HEADER)
      sheet.addRow(['王明', WANG, '男', excelDate('1945-03-02'), '13812345678', '城东社区', '330902001001', '特困、失能', '重度', excelDate('2024-01-01'), '在册', null, '忌辛辣', '王小明', '儿子', '13900001111'])
      sheet.addRow(['李芳', LI, '女', '1938-04-05', '0580-2021234', '城东社区', '330902001001', '低保', null, '2023-06-01', '入住机构', null, null, null, null, null])
      sheet.addRow(['赵兰', ZHAO, '女', '1949-12-31', null, '干𬒗社区', null, '独居', null, null, '死亡', '2024-02-10', null, null, null, null])
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.headerRow).toBe(1)
    expect(result.rows).toEqual<RosterRow[]>([
      {
        line: 2,
        name: '王明',
        idNumber: WANG,
        gender: 'male',
        birthDate: '1945-03-02',
        phone: '13812345678',
        communityName: '城东社区',
        communityCode: '330902001001',
        categories: [
          { category: 'destitute', level: null, startOn: '2024-01-01' },
          { category: 'disabled', level: 'severe', startOn: '2024-01-01' },
        ],
        status: 'active',
        deceasedOn: null,
        dietaryNotes: '忌辛辣',
        delegate: { name: '王小明', relation: '儿子', phone: '13900001111' },
      },
      {
        line: 3,
        name: '李芳',
        idNumber: LI,
        gender: 'female',
        birthDate: '1938-04-05',
        phone: '0580-2021234',
        communityName: '城东社区',
        communityCode: '330902001001',
        categories: [{ category: 'minimum_livelihood', level: null, startOn: '2023-06-01' }],
        status: 'in_institution',
        deceasedOn: null,
        dietaryNotes: null,
        delegate: null,
      },
      {
        line: 4,
        name: '赵兰',
        idNumber: ZHAO,
        gender: 'female',
        birthDate: '1949-12-31',
        phone: null,
        communityName: '干𬒗社区',
        communityCode: null,
        categories: [{ category: 'living_alone', level: null, startOn: null }],
        status: 'deceased',
        deceasedOn: '2024-02-10',
        dietaryNotes: null,
        delegate: null,
      },
    ])
  })

  it('needs only 姓名, 身份证号 and a community column', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['序号', '姓名', '公民身份号码', '社区代码'])
      sheet.addRow([1, '王明', WANG, 330902001001])
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.rows).toEqual([
      expect.objectContaining({ line: 2, name: '王明', idNumber: WANG, communityName: null, communityCode: '330902001001', categories: [], status: 'active', delegate: null }),
    ])
  })

  it('maps every category and status spelling', async () => {
    const categories: [string, string, unknown[]][] = [
      ['特困供养', '', [{ category: 'destitute', level: null, startOn: null }]],
      ['低保边缘 / 高龄', '', [{ category: 'marginal_low_income', level: null, startOn: null }]],
      ['低边；失智', '轻', [
        { category: 'marginal_low_income', level: null, startOn: null },
        { category: 'disabled', level: 'mild', startOn: null },
      ]],
      ['失能失智,计生特扶', '中度', [
        { category: 'disabled', level: 'moderate', startOn: null },
        { category: 'family_planning_special', level: null, startOn: null },
      ]],
      ['失独，优抚', '', [
        { category: 'family_planning_special', level: null, startOn: null },
        { category: 'key_entitled', level: null, startOn: null },
      ]],
      ['重点优抚;独居 计生特殊家庭', '', [
        { category: 'key_entitled', level: null, startOn: null },
        { category: 'living_alone', level: null, startOn: null },
        { category: 'family_planning_special', level: null, startOn: null },
      ]],
      ['失能', '', [{ category: 'disabled', level: null, startOn: null }]],
      ['高龄', '', []],
    ]
    const statuses: [string, string][] = [['正常', 'active'], ['', 'active'], ['迁出', 'moved_away'], ['入住养老机构', 'in_institution'], ['去世', 'deceased'], ['已故', 'deceased'], ['在册', 'active'], ['入住机构', 'in_institution']]
    const file = await xlsx((sheet) => {
      sheet.addRow(['姓名', '身份证号', '所属社区', '人员类别', '失能等级', '状态', '死亡日期'])
      categories.forEach(([text, level], i) => {
        const [statusText, status] = statuses[i]!
        sheet.addRow([`老人${i}`, validId('19400101', String(100 + i)), '城东社区', text, level, statusText, status === 'deceased' ? '2024-01-01' : null])
      })
    })

    const result = await parseRosterXlsx(file)

    expect(result.issues).toEqual([])
    expect(result.rows.map((row) => row.categories)).toEqual(categories.map(([, , expected]) => expected))
    expect(result.rows.map((row) => row.status)).toEqual(statuses.map(([, status]) => status))
  })
})
