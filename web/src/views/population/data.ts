import type { PopulationStat, PopulationStatEntry, Region } from '@eldercare/shared'

export const FIGURE_FIELDS = ['population60Plus', 'population80Plus', 'populationTotal'] as const
export type FigureField = (typeof FIGURE_FIELDS)[number]

/** An input left empty; el-input-number clears to null. */
type Figure = number | null | undefined

type Figures = Pick<PopulationStatEntry, FigureField>

function figuresOf(stat: PopulationStat): Figures {
  return { population60Plus: stat.population60Plus, population80Plus: stat.population80Plus, populationTotal: stat.populationTotal }
}

/** One community in the table: the figures being edited, and those the server holds (null when none). */
export interface PopulationRow {
  communityCode: string
  communityName: string
  townCode: string
  townName: string
  population60Plus: Figure
  population80Plus: Figure
  populationTotal: Figure
  saved: Figures | null
}

export type RowState = 'missing' | 'saved' | 'changed' | 'incomplete' | 'order'

export const ROW_STATE_TAG: Record<RowState, 'info' | 'success' | 'warning' | 'danger'> = {
  missing: 'info',
  saved: 'success',
  changed: 'warning',
  incomplete: 'danger',
  order: 'danger',
}

const BLANK = { population60Plus: null, population80Plus: null, populationTotal: null } as const

/**
 * Every community of the district with its figures, empty where none were entered, so the table is
 * also where missing ones get filled in. Figures of a community no longer in the regions stay visible.
 */
export function mergeRows(regions: Region[], stats: PopulationStat[]): PopulationRow[] {
  const townNames = new Map(regions.filter((region) => region.level === 'town').map((town) => [town.code, town.name]))
  const byCode = new Map(stats.map((stat) => [stat.communityCode, stat]))
  const row = (code: string, name: string, townCode: string, stat: PopulationStat | undefined): PopulationRow => {
    const saved = stat ? figuresOf(stat) : null
    return { communityCode: code, communityName: name, townCode, townName: townNames.get(townCode) ?? townCode, ...(saved ?? BLANK), saved }
  }
  const rows = regions
    .filter((region) => region.level === 'community')
    .map((community) => row(community.code, community.name, community.parentCode ?? community.code.slice(0, 9), byCode.get(community.code)))
  const known = new Set(rows.map((item) => item.communityCode))
  for (const stat of stats) if (!known.has(stat.communityCode)) rows.push(row(stat.communityCode, stat.communityName, stat.townCode, stat))
  return rows.sort((a, b) => a.communityCode.localeCompare(b.communityCode))
}

const filled = (value: Figure): value is number => typeof value === 'number'

/** The three figures when all are entered. */
function complete(row: PopulationRow): Figures | null {
  const { population60Plus, population80Plus, populationTotal } = row
  return filled(population60Plus) && filled(population80Plus) && filled(populationTotal) ? { population60Plus, population80Plus, populationTotal } : null
}

/** 80+ are among the 60+, who are among everyone. */
const consistent = (figures: Figures) => figures.population80Plus <= figures.population60Plus && figures.population60Plus <= figures.populationTotal

export function isChanged(row: PopulationRow): boolean {
  return FIGURE_FIELDS.some((field) => (row[field] ?? null) !== (row.saved?.[field] ?? null))
}

export function rowState(row: PopulationRow): RowState {
  if (!isChanged(row)) return row.saved ? 'saved' : 'missing'
  const figures = complete(row)
  if (!figures) return 'incomplete'
  return consistent(figures) ? 'changed' : 'order'
}

/** What a save sends: the changed rows that are complete and consistent, and how many changed rows are not. */
export function changedEntries(rows: PopulationRow[]): { entries: PopulationStatEntry[]; invalid: number } {
  const entries: PopulationStatEntry[] = []
  let invalid = 0
  for (const row of rows) {
    if (!isChanged(row)) continue
    const figures = complete(row)
    if (figures && consistent(figures)) entries.push({ communityCode: row.communityCode, ...figures })
    else invalid += 1
  }
  return { entries, invalid }
}

/** The rows after a save: the saved figures become what the server holds. */
export function applySaved(rows: PopulationRow[], saved: PopulationStat[]): void {
  const byCode = new Map(saved.map((stat) => [stat.communityCode, stat]))
  for (const row of rows) {
    const stat = byCode.get(row.communityCode)
    if (!stat) continue
    row.saved = figuresOf(stat)
    Object.assign(row, row.saved)
  }
}
