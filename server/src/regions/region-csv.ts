import { TEXT_PATTERN, type ErrorDetail, type RegionKind, type UrbanRural } from '@eldercare/shared'
import { parse } from 'csv-parse/sync'

/** One town or community read from the statistical division list. */
export interface RegionCsvRow {
  code: string
  name: string
  level: 'town' | 'community'
  parentCode: string
  kind: RegionKind
  island: string | null
}

export type RegionCsvResult = { ok: true; rows: RegionCsvRow[] } | { ok: false; errors: ErrorDetail[] }

const COLUMNS = ['code', 'name', 'level', 'parent_code', 'kind', 'island'] as const
const TOWN_KINDS = new Set(['subdistrict', 'town'])
const COMMUNITY_KINDS = new Set(['community', 'village', 'other'])
/** The rule of a name typed into the form (`Text`): a visible character, no control characters. */
const TEXT = new RegExp(TEXT_PATTERN, 'u')
const isText = (value: string, maxLength: number) => TEXT.test(value) && [...value].length <= maxLength

/** Subdistricts and residents' communities are urban; towns and villages rural, until the bureau says otherwise. */
export function defaultUrbanRural(kind: RegionKind): UrbanRural {
  return kind === 'subdistrict' || kind === 'community' ? 'urban' : 'rural'
}

/**
 * Reads a region list in the format of `dinghai-regions.csv` for the district `districtCode`.
 * Every problem is reported with its 1-based line number; the list is only usable when there are none.
 */
export function parseRegionCsv(text: string, districtCode: string): RegionCsvResult {
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false })
  } catch (error) {
    const line = (error as { lines?: number }).lines
    return { ok: false, errors: [{ ...(line ? { line } : {}), message: `not a valid CSV: ${(error as Error).message}` }] }
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(',').map((column) => column.trim())
  const missing = COLUMNS.filter((column) => !header.includes(column))
  if (missing.length > 0) return { ok: false, errors: [{ line: 1, message: `missing columns: ${missing.join(', ')}` }] }

  const errors: ErrorDetail[] = []
  const rows: RegionCsvRow[] = []
  const seen = new Set<string>()
  const towns = new Set<string>()
  for (const { record, info } of records) {
    const line = info.lines
    const fail = (path: string, message: string) => errors.push({ line, path, message })
    const { code = '', name = '', level = '', parent_code: parentCode = '', kind = '', island = '' } = record
    if (level === 'district') {
      if (code !== districtCode) fail('code', `district code ${code} is not this tenant's ${districtCode}`)
      continue
    }
    if (level !== 'town' && level !== 'community') {
      fail('level', `level must be district, town or community, got "${level}"`)
      continue
    }
    if (!isText(name, 64)) fail('name', 'name must be 1–64 printable characters')
    if (island !== '' && !isText(island, 32)) fail('island', 'island must be at most 32 printable characters')
    if (seen.has(code)) fail('code', `code ${code} appears twice`)
    seen.add(code)
    if (level === 'town') {
      if (!/^\d{9}$/.test(code) || !code.startsWith(districtCode)) fail('code', `a town code has 9 digits starting with ${districtCode}`)
      if (parentCode !== districtCode) fail('parent_code', `a town's parent is the district ${districtCode}`)
      if (!TOWN_KINDS.has(kind)) fail('kind', 'a town is of kind subdistrict or town')
      towns.add(code)
    } else {
      if (!/^\d{12}$/.test(code) || !code.startsWith(parentCode)) fail('code', 'a community code has 12 digits starting with its town code')
      if (!towns.has(parentCode)) fail('parent_code', `town ${parentCode} is not listed above this line`)
      if (!COMMUNITY_KINDS.has(kind)) fail('kind', 'a community is of kind community, village or other')
    }
    rows.push({ code, name, level, parentCode, kind: kind as RegionKind, island: island === '' ? null : island })
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ message: 'the file lists no towns or communities' })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows }
}
