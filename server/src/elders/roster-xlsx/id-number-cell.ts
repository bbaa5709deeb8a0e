import { idNumberBirthDate, idNumberCheckChar, isValidIdNumber } from '@eldercare/shared'
import { compactText, type PlainValue } from '../../http/xlsx-columns/cell-value.js'

export type IdNumberRead = { ok: true; idNumber: string } | { ok: false; message: string }

export const ID_NUMBER_AS_FLOAT =
  '身份证号被 Excel 存成了数字，末尾几位已丢失：请将该列设置为“文本”格式后重新填写身份证号'

const ID_SHAPE = /^\d{17}[\dX]$/
/** How Excel shows a long number it keeps as a float, should someone copy that text. */
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/
/** Excel keeps 15 significant digits; anything an 18-digit number has beyond that is zeros. */
const EXCEL_DIGITS = 15
const TRAILING_ZEROS = /0+$/
const LEADING_APOSTROPHE = /^['‘’]/

/**
 * The 身份证号 of a cell, normalised (spaces out, full-width to ASCII, upper-case X) and checked.
 * A number cell is only trusted when it carries more digits than Excel keeps: those came from a
 * program that wrote all 18, while one typed into Excel has lost its last three.
 */
export function readIdNumber(value: PlainValue): IdNumberRead {
  if (typeof value === 'number') return readNumericIdNumber(value)
  const text = compactText(value).replace(LEADING_APOSTROPHE, '').toUpperCase()
  if (text === '') return { ok: false, message: '身份证号不能为空' }
  if (SCIENTIFIC.test(text)) return { ok: false, message: ID_NUMBER_AS_FLOAT }
  return checkIdNumber(text)
}

function readNumericIdNumber(value: number): IdNumberRead {
  const text = String(value)
  // Below 1e17 or from 1e18 on the number cannot have 18 digits: report the length.
  if (!(value >= 1e17 && value < 1e18)) return checkIdNumber(text)
  if (text.replace(TRAILING_ZEROS, '').length <= EXCEL_DIGITS || !isValidIdNumber(text)) {
    return { ok: false, message: ID_NUMBER_AS_FLOAT }
  }
  return { ok: true, idNumber: text }
}

function checkIdNumber(text: string): IdNumberRead {
  if (text.length !== 18) return { ok: false, message: `身份证号应为18位，现为${text.length}位` }
  if (!ID_SHAPE.test(text)) return { ok: false, message: '身份证号只能包含数字，最后一位可以是X' }
  if (idNumberBirthDate(text) === null) return { ok: false, message: '身份证号中的出生日期不存在' }
  if (idNumberCheckChar(text.slice(0, 17)) !== text[17]) return { ok: false, message: '身份证号校验位错误' }
  // The shared check is the authority; the steps above only explain what went wrong.
  return isValidIdNumber(text) ? { ok: true, idNumber: text } : { ok: false, message: '身份证号格式不正确' }
}
