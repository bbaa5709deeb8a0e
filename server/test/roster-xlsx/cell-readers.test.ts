import { describe, expect, it } from 'vitest'
import { INVALID_DATE, readDate } from '../../src/elders/roster-xlsx/dates.js'
import { readCategories, readLevel, readPersonName, readPhone } from '../../src/elders/roster-xlsx/fields.js'
import { headerKey } from '../../src/elders/roster-xlsx/header.js'
import { ID_NUMBER_AS_FLOAT, readIdNumber } from '../../src/elders/roster-xlsx/id-number-cell.js'
import { excelDate, excelSerial, fullWidth, validId } from './fixtures.js'

describe('cell readers', () => {
  it('reads dates in every way clerks write them', () => {
    const written: [Parameters<typeof readDate>[0], ReturnType<typeof readDate>][] = [
      ['1945年3月2日', '1945-03-02'],
      ['1945.3.2', '1945-03-02'],
      ['1945-03-02', '1945-03-02'],
      ['1945/3/2', '1945-03-02'],
      ['19450302', '1945-03-02'],
      [19450302, '1945-03-02'],
      [fullWidth('1945') + '年3月2日', '1945-03-02'],
      ['1945-03-02 00:00:00', '1945-03-02'],
      [excelDate('1945-03-02'), '1945-03-02'],
      [excelSerial('1945-03-02'), '1945-03-02'],
      [excelSerial('1945-03-02') + 0.75, '1945-03-02'],
      ['  ', null],
      [null, null],
      ['1945-02-30', INVALID_DATE],
      ['1945年3月', INVALID_DATE],
      [1945, INVALID_DATE],
      ['不详', INVALID_DATE],
      [true, INVALID_DATE],
    ]
    for (const [value, expected] of written) expect([value, readDate(value, false)]).toEqual([value, expected])
    expect(readDate(excelSerial('1945-03-02') - 1462, true)).toBe('1945-03-02')
  })

  it('normalises 身份证号 and explains what is wrong with it', () => {
    const id = validId('19450302', '123')
    expect(readIdNumber(` ${id.slice(0, 6)} ${id.slice(6)}\u3000`)).toEqual({ ok: true, idNumber: id })
    expect(readIdNumber(fullWidth(id))).toEqual({ ok: true, idNumber: id })
    expect(readIdNumber(`'${id}`)).toEqual({ ok: true, idNumber: id })
    expect(readIdNumber('3.30902194503021E+17')).toEqual({ ok: false, message: ID_NUMBER_AS_FLOAT })
    expect(readIdNumber(3.30902194503021e17)).toEqual({ ok: false, message: ID_NUMBER_AS_FLOAT })
    expect(readIdNumber(330902450302123)).toEqual({ ok: false, message: '身份证号应为18位，现为15位' })
    expect(readIdNumber('33090219450230123X')).toEqual({ ok: false, message: '身份证号中的出生日期不存在' })
    expect(readIdNumber('3309021945030212A3')).toEqual({ ok: false, message: '身份证号只能包含数字，最后一位可以是X' })
    expect(readIdNumber(null)).toEqual({ ok: false, message: '身份证号不能为空' })
  })

  it('accepts mobiles and landlines with an area code', () => {
    expect(readPhone('138 1234 5678')).toEqual({ ok: true, value: '13812345678' })
    expect(readPhone(13812345678)).toEqual({ ok: true, value: '13812345678' })
    expect(readPhone('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' })
    expect(readPhone('0580 2021234')).toEqual({ ok: true, value: '0580-2021234' })
    expect(readPhone('(0580)2021234')).toEqual({ ok: true, value: '0580-2021234' })
    expect(readPhone('010-12345678')).toEqual({ ok: true, value: '010-12345678' })
    expect(readPhone('无')).toEqual({ ok: true, value: null })
    expect(readPhone('2021234').ok).toBe(false)
    expect(readPhone('13812345678、13900001111').ok).toBe(false)
  })

  it('reads names, categories with levels and header spellings', () => {
    expect(readPersonName('王  明', '姓名')).toEqual({ ok: true, value: '王明' })
    expect(readPersonName('Anna  Lee', '姓名')).toEqual({ ok: true, value: 'Anna Lee' })
    expect(readPersonName('王\u0001明', '姓名')).toEqual({ ok: false, message: '姓名含有不可见的控制字符' })
    expect(readPersonName('王'.repeat(33), '姓名')).toEqual({ ok: false, message: '姓名不能超过32个字' })
    expect(readCategories('重度失能、特困人员、低保户')).toEqual({
      ok: true,
      value: [
        { category: 'disabled', level: 'severe' },
        { category: 'destitute', level: null },
        { category: 'minimum_livelihood', level: null },
      ],
    })
    expect(readCategories('失能（轻度）')).toEqual({ ok: true, value: [{ category: 'disabled', level: 'mild' }] })
    expect(readLevel('中度失能')).toBe('moderate')
    expect(readLevel('完全失能')).toBe('severe')
    expect(readLevel('能力完好')).toBeNull()
    expect(readLevel('很重')).toBeUndefined()
    expect(headerKey(' 所在村（社区）\n')).toBe(headerKey('所在村(社区)'))
    expect(headerKey('*身份证号')).toBe('身份证号')
  })
})
