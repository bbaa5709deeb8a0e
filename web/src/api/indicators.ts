import type {
  ConcentratedCareGapQuery,
  ConcentratedCareGaps,
  Coverage,
  CoverageQuery,
  Dashboard,
  DashboardQuery,
  IndicatorQuery,
  IndicatorReport,
  IndicatorSettings,
  IndicatorTarget,
  PopulationColumnMappingPut,
  PopulationColumnMappings,
  PopulationImportQuery,
  PopulationImportResult,
  PopulationStat,
  PopulationStatPut,
  PopulationStatQuery,
  TargetCopy,
  TargetPut,
} from '@eldercare/shared'
import { XLSX_CONTENT_TYPE } from './elders'
import { download, get, post, postBinary, put, type DownloadedFile } from './request'

/** The work plan's indicators on `asOf`, each with its target and the same date a year earlier. */
export function getIndicators(query: IndicatorQuery = {}): Promise<IndicatorReport> {
  return get<IndicatorReport>('/indicators', query)
}

/** The indicator report as an .xlsx file, for the same query as {@link getIndicators}. */
export function exportIndicators(query: IndicatorQuery = {}): Promise<DownloadedFile> {
  return download('/indicators/export', query)
}

/** Elders needing concentrated care on `asOf`, placed or not, by town; the gap list with institutions that have free beds. */
export function getConcentratedCare(query: ConcentratedCareGapQuery = {}): Promise<ConcentratedCareGaps> {
  return get<ConcentratedCareGaps>('/indicators/concentrated-care', query)
}

export function getCoverage(query: CoverageQuery = {}): Promise<Coverage> {
  return get<Coverage>('/coverage', query)
}

export function getDashboard(query: DashboardQuery = {}): Promise<Dashboard> {
  return get<Dashboard>('/dashboard', query)
}

/** Only the communities with figures entered for that year and basis. */
export function listPopulationStats(query: PopulationStatQuery): Promise<PopulationStat[]> {
  return get<PopulationStat[]>('/population-stats', query)
}

/** Answers the rows saved; communities not sent keep their figures. */
export function savePopulationStats(body: PopulationStatPut): Promise<PopulationStat[]> {
  return put<PopulationStat[]>('/population-stats', body)
}

/** Says which population column a header is; the tenant's next imports read such headers by it. */
export function savePopulationMappings(body: PopulationColumnMappingPut): Promise<PopulationColumnMappings> {
  return put<PopulationColumnMappings>('/population-stats/import/mappings', body)
}

/**
 * Sends the statistics file as the body. A dry run only reports, with `columnsNeeded` when a column must be
 * named; a real run stores every row or, when any row has an error, fails with POPULATION_IMPORT_INVALID and stores nothing.
 */
export function importPopulationStats(file: Blob, query: PopulationImportQuery): Promise<PopulationImportResult> {
  return postBinary<PopulationImportResult>('/population-stats/import', file, XLSX_CONTENT_TYPE, query)
}

/** With a town: its own targets, the district's standing in (`targetScope: 'district'`) where it has none. */
export function listTargets(year: number, townCode?: string): Promise<IndicatorTarget[]> {
  return get<IndicatorTarget[]>('/targets', { year, ...(townCode ? { townCode } : {}) })
}

export function saveTargets(body: TargetPut): Promise<IndicatorTarget[]> {
  return put<IndicatorTarget[]>('/targets', body)
}

/** Copies a year's targets to another; TARGETS_EXIST (409) when that year has targets and `replace` is not set. */
export function copyTargets(body: TargetCopy): Promise<IndicatorTarget[]> {
  return post<IndicatorTarget[]>('/targets/copy', body)
}

export function getIndicatorSettings(): Promise<IndicatorSettings> {
  return get<IndicatorSettings>('/indicator-settings')
}

export function updateIndicatorSettings(body: IndicatorSettings): Promise<IndicatorSettings> {
  return put<IndicatorSettings>('/indicator-settings', body)
}
