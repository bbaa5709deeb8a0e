export { cleanText, compactText, formatDate, isoDate, plainValue, toHalfWidth, type PlainValue } from './cell-value.js'
export {
  fieldOf,
  findHeader,
  guessHeader,
  headerKey,
  headerMatcher,
  WORDS_RANK,
  type ColumnMappings,
  type FlagColumn,
  type HeaderColumn,
  type HeaderLabel,
  type HeaderLayout,
  type HeaderMatcher,
  type HeaderSpec,
  type WordRule,
} from './header.js'
export { columnSample, columnsNeeded, findByValues, holds, mostly, rowValues } from './values.js'
export { findTable, loadWorkbook } from './workbook.js'
