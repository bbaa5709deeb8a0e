import { shownIndicatorValue, yearOnYearChange, type Coverage, type CoverageFigures, type Dashboard, type IndicatorKey, type IndicatorReport, type IndicatorValue } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { writeHeader, writeTitle } from '../http/xlsx-sheet.js'

/** Chinese names and work-plan item numbers of the indicators, as the report prints them. */
export const INDICATOR_LABELS: Record<IndicatorKey, { name: string; item: number; numerator: string; denominator: string }> = {
  meal_coverage_rate: { name: '老年助餐服务覆盖率', item: 12, numerator: '有助餐服务的村（社区）', denominator: '全部村（社区）' },
  new_meal_points: { name: '新建助餐服务点', item: 12, numerator: '本年新开助餐服务点', denominator: '' },
  happiness_hubs: { name: '幸福汇', item: 9, numerator: '运营中的幸福汇', denominator: '' },
  nursing_bed_share: { name: '护理型床位占比', item: 11, numerator: '护理型床位', denominator: '机构床位总数' },
  dementia_beds_per_10k: { name: '每万名老人认知障碍照护床位', item: 11, numerator: '认知障碍照护床位', denominator: '人口' },
  public_institutions_rated_rate: { name: '公办养老机构星级评定率', item: 11, numerator: '持有效星级的公办机构', denominator: '公办养老机构' },
  three_star_plus_share: { name: '三星级以上机构占比', item: 11, numerator: '三星级以上机构', denominator: '养老机构' },
  union_town_coverage_rate: { name: '康养联合体镇街覆盖率', item: 11, numerator: '有康养联合体的镇（街道）', denominator: '全部镇（街道）' },
  certified_caregivers_per_10k_elders: { name: '每万名老人持证养老护理员', item: 9, numerator: '持证养老护理员', denominator: '60岁以上人口' },
  care_card_users: { name: '养老服务爱心卡使用人数', item: 13, numerator: '本年使用爱心卡支付的老人', denominator: '' },
  concentrated_care_coverage_rate: {
    name: '特困及经济困难完全失能老年人按需集中供养覆盖率',
    item: 9,
    numerator: '已入住养老机构',
    denominator: '有集中供养需求的特困及低保、低边重度失能老年人',
  },
}

/** A value as the report shows it, as the cards do (shared indicator-rounding.ts): ratios in percent, one decimal cut. */
function shown(indicator: Pick<IndicatorValue, 'unit'>, value: number | null): number | string {
  return value === null ? '—' : shownIndicatorValue(indicator.unit, value)
}

/** The change against the same date last year, from the shown values; 去年同期无数据 when last year has none. */
function changeShown(indicator: IndicatorValue): number | string {
  const change = yearOnYearChange(indicator.unit, indicator.value, indicator.sameDateLastYear)
  return change.kind === 'change' ? change.delta : change.kind === 'no_last_year' ? '去年同期无数据' : '—'
}

const UNIT_LABELS = { ratio: '%', per_10k: '每万人', count: '个/人' } as const

const figureColumns = (figures: CoverageFigures) => [
  figures.covered,
  figures.total,
  figures.rate === null ? '—' : shownIndicatorValue('ratio', figures.rate),
  figures.coveredElderly,
  figures.elderly,
  figures.weightedRate === null ? '—' : shownIndicatorValue('ratio', figures.weightedRate),
]

/** Which communities' population figures are missing, so a partial denominator is never taken for a whole one. */
export function missingNote(indicator: Pick<IndicatorValue, 'missingPopulation'>): string {
  const missing = indicator.missingPopulation
  if (!missing) return ''
  const names = missing.communities.map((community) => `${community.townName}${community.name}`)
  const shown = names.length > 5 ? `${names.slice(0, 5).join('、')}等` : names.join('、')
  return `人口数不全：缺 ${missing.year} 年 ${missing.communities.length} 个村（社区）的${missing.basis === 'registered' ? '户籍' : '常住'}人口（${shown}），分母只含已录入的村社`
}

export interface IndicatorReportInput {
  districtName: string
  report: IndicatorReport
  coverage: Coverage
  dashboard: Dashboard
}

/** The indicator report as bureaus file it: one sheet per section, the formulas' parts as columns. */
export async function writeIndicatorReportXlsx({ districtName, report, coverage, dashboard }: IndicatorReportInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const place = report.townCode ? `${districtName}（${coverage.rows[0]?.name ?? report.townCode}）` : districtName

  const indicators = workbook.addWorksheet('年度指标')
  writeTitle(indicators, `${place}养老服务年度指标完成情况（截至 ${report.asOf}）`, 13)
  writeHeader(indicators, ['工作要点条目', '指标', '分子项', '分子', '分母项', '分母', '数值', '单位', '目标', '是否达标', '上年同期', '较上年同期', '说明'], [12, 28, 26, 10, 18, 12, 10, 8, 14, 10, 10, 14, 40])
  for (const indicator of report.indicators) {
    const label = INDICATOR_LABELS[indicator.key]
    const target = indicator.target
    indicators.addRow([
      `（${label.item}）`,
      label.name,
      label.numerator,
      indicator.numerator,
      label.denominator || '—',
      indicator.denominator ?? '—',
      shown(indicator, indicator.value),
      UNIT_LABELS[indicator.unit],
      target === null
        ? '未设定'
        : `${target.comparator === 'above_last_year' ? `高于上年（${shown(indicator, target.value)}）` : `≥ ${shown(indicator, target.value)}`}${report.townCode !== null && indicator.targetScope === 'district' ? '（区级目标）' : ''}`,
      indicator.met === null ? '—' : indicator.met ? '已达标' : '未达标',
      shown(indicator, indicator.sameDateLastYear),
      changeShown(indicator),
      missingNote(indicator),
    ])
  }

  const byTown = workbook.addWorksheet('助餐覆盖（镇街）')
  writeTitle(byTown, `助餐服务覆盖情况（截至 ${coverage.asOf}）`, 7)
  writeHeader(byTown, ['镇（街道）', '已覆盖村社', '村社总数', '覆盖率（%）', '已覆盖村社60岁以上人口', '60岁以上人口', '人口加权覆盖率（%）'], [20, 12, 10, 12, 22, 14, 18])
  for (const row of coverage.rows) byTown.addRow([row.name, ...figureColumns(row)])
  byTown.addRow(['合计', ...figureColumns(coverage.overall)]).font = { bold: true }
  byTown.addRow(['其中：城市社区', ...figureColumns(coverage.urban)])
  byTown.addRow(['其中：农村', ...figureColumns(coverage.rural)])

  const uncovered = workbook.addWorksheet('未覆盖村社')
  writeTitle(uncovered, '尚无助餐服务的村（社区）（按60岁以上人口排序）', 7)
  writeHeader(uncovered, ['村（社区）', '村社代码', '镇（街道）', '海岛', '60岁以上人口', '最近的助餐点', '距离（公里）'], [18, 16, 16, 10, 14, 24, 12])
  for (const row of coverage.uncovered) {
    uncovered.addRow([row.name, row.communityCode, row.townName, row.island ?? '本岛', row.elderly ?? '未填报', row.nearestFacility?.name ?? '—', row.nearestFacility?.distanceKm ?? '—'])
  }

  const beds = workbook.addWorksheet('床位与星级')
  writeTitle(beds, `养老机构床位与星级（截至 ${dashboard.asOf}）`, 2)
  writeHeader(beds, ['项目', '数值'], [32, 14])
  const share = dashboard.beds.nursingBedShare
  for (const [name, value] of [
    ['计入的机构报表', dashboard.beds.reports],
    ['床位总数', dashboard.beds.totalBeds],
    ['护理型床位', share.numerator],
    ['认知障碍照护床位', dashboard.beds.dementiaBeds],
    ['持证养老护理员', dashboard.beds.certifiedCaregivers],
    ...dashboard.ratings.byGrade.map((count, index) => [`${index + 1}星级机构`, count] as const),
    ['无有效星级的机构', dashboard.ratings.unrated],
  ] as const) {
    beds.addRow([name, value])
  }

  const freshness = workbook.addWorksheet('数据时效')
  writeTitle(freshness, `数据时效：缺少数据不等于没有服务（截至 ${dashboard.asOf}）`, 4)
  writeHeader(freshness, ['类型', '名称', '所在村（社区）', '说明'], [16, 28, 18, 36])
  for (const facility of dashboard.mealFacilities.filter((row) => row.stale)) {
    freshness.addRow(['助餐点', facility.name, facility.communityName, facility.lastMealOn ? `最后一次录入就餐：${facility.lastMealOn}` : '从未录入就餐'])
  }
  for (const institution of dashboard.lateInstitutions.late) {
    freshness.addRow(['养老机构', institution.name, '', `${dashboard.lateInstitutions.period} 床位报表未报送`])
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
