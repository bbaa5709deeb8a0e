import type { RosterColumnField } from '@eldercare/shared'
import type { Worksheet } from 'exceljs'
import {
  findHeader as findTableHeader,
  guessHeader as guessTableHeader,
  headerKey,
  headerMatcher,
  type ColumnMappings as TableColumnMappings,
  type HeaderColumn as TableHeaderColumn,
  type HeaderLayout as TableHeaderLayout,
  type WordRule,
} from '../../http/xlsx-columns/index.js'

export type RosterField = RosterColumnField

/**
 * Header texts bureaus use, best first: when two columns claim the same field (备注 next to
 * 饮食禁忌) the earlier alias in this list wins.
 */
const ALIASES: Readonly<Record<RosterField, readonly string[]>> = {
  name: ['姓名', '老人姓名'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证'],
  phone: ['联系电话', '本人电话', '手机号码', '手机', '电话'],
  community: ['所属社区', '社区', '村（社区）', '所在村（社区）', '村社区', '社区名称'],
  communityCode: ['社区代码', '村社区代码', '区划代码'],
  categories: ['人员类别', '对象类别', '类别'],
  disabilityLevel: ['失能等级', '失能程度'],
  categoryStart: ['纳入日期', '类别起始日期', '起始日期'],
  status: ['状态', '人员状态'],
  deceasedOn: ['死亡日期'],
  dietaryNotes: ['饮食禁忌', '饮食备注', '备注'],
  birthDate: ['出生日期'],
  gender: ['性别'],
  delegateName: ['代领人', '代领人姓名'],
  delegateRelation: ['代领人关系', '与老人关系'],
  delegatePhone: ['代领人电话'],
}

/** The names used when a required column is missing. */
export const FIELD_NAMES: Readonly<Record<RosterField, string>> = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '联系电话',
  community: '所属社区',
  communityCode: '社区代码',
  categories: '人员类别',
  disabilityLevel: '失能等级',
  categoryStart: '纳入日期',
  status: '状态',
  deceasedOn: '死亡日期',
  dietaryNotes: '饮食禁忌',
  birthDate: '出生日期',
  gender: '性别',
  delegateName: '代领人',
  delegateRelation: '代领人关系',
  delegatePhone: '代领人电话',
}

/**
 * What a header means by its words, for the many ways rosters name a column (所在村, 居委会名称,
 * 出生年月, 证件号, 手机号…). First rule that fits wins; the column's values are checked afterwards.
 */
const WORD_RULES: readonly WordRule<RosterField>[] = [
  { field: 'delegatePhone', test: /(代领|代取|监护|联系人).*(电话|手机)/ },
  { field: 'delegateRelation', test: /(代领|代取|监护).*关系|与.*关系/ },
  { field: 'delegateName', test: /(代领|代取|监护)/ },
  { field: 'idNumber', test: /证件|身份/, not: /类型|种类/ },
  { field: 'communityCode', test: /(村|社区|居委|区划).*(代码|编码|编号)/ },
  { field: 'community', test: /村|社区|居委会|居委|所在|所属/, not: /代码|编码|编号|地址|门牌/ },
  { field: 'birthDate', test: /出生|生日/ },
  { field: 'phone', test: /电话|手机|联系方式/ },
  { field: 'name', test: /姓名|名字/ },
  { field: 'gender', test: /性别/ },
  { field: 'disabilityLevel', test: /失能/ },
  { field: 'deceasedOn', test: /死亡|去世|身故/ },
  { field: 'dietaryNotes', test: /饮食|忌口|禁忌/ },
  { field: 'categoryStart', test: /纳入|起始/ },
  { field: 'categories', test: /类别|对象类型|人员类型/ },
  { field: 'status', test: /状态/ },
]

/** A 身份证号 in a row means it is data, not a header. */
const ID_LIKE = /^\d{15,18}[\dXx]?$/

export const ROSTER_HEADER = headerMatcher<RosterField>({
  aliases: ALIASES,
  words: WORD_RULES,
  isHeader: (fields) => fields.has('name') || fields.has('idNumber'),
  dataLike: ID_LIKE,
  prefixGroup: (upper) => upper.field?.startsWith('delegate') === true || /代领|代取|监护/.test(upper.label),
  flagGroup: 'categories',
})

export { headerKey }
export type ColumnMappings = TableColumnMappings<RosterField>
export type HeaderColumn = TableHeaderColumn<RosterField>
export type HeaderLayout = TableHeaderLayout<RosterField>

/** The roster's header in the first rows, read with the tenant's remembered mappings; see `findTableHeader`. */
export function findHeader(sheet: Worksheet, mappings: ColumnMappings = new Map()): HeaderLayout | null {
  return findTableHeader(sheet, ROSTER_HEADER, mappings)
}

export function guessHeader(sheet: Worksheet, mappings: ColumnMappings): HeaderLayout | null {
  return guessTableHeader(sheet, ROSTER_HEADER, mappings)
}
