import type {
  BedHistory,
  BedReport,
  BedReportCreate,
  BedReportDetail,
  BedReportListQuery,
  BedReportUpdate,
  Institution,
  InstitutionDetail,
  InstitutionFigures,
  InstitutionFiguresQuery,
  InstitutionListQuery,
  InstitutionProfilePut,
  InstitutionSettings,
  LateFilers,
  StarRating,
  StarRatingCreate,
  StarRatingListQuery,
} from '@eldercare/shared'
import type { Page } from './page'
import { get, patch, post, put } from './request'

const id = (value: string) => encodeURIComponent(value)

export function listInstitutions(query: InstitutionListQuery = {}): Promise<Page<Institution>> {
  return get<Page<Institution>>('/institutions', query)
}

export function getInstitution(institutionId: string): Promise<InstitutionDetail> {
  return get<InstitutionDetail>(`/institutions/${id(institutionId)}`)
}

export function putInstitutionProfile(institutionId: string, body: InstitutionProfilePut): Promise<InstitutionDetail> {
  return put<InstitutionDetail>(`/institutions/${id(institutionId)}/profile`, body)
}

/** Approved reports of the last `months` months, oldest first. */
export function getBedHistory(institutionId: string, months = 12): Promise<BedHistory> {
  return get<BedHistory>(`/institutions/${id(institutionId)}/bed-history`, { months })
}

/** Figures over the institutions in the caller's scope, from latest approved reports and valid ratings. */
export function getInstitutionFigures(query: InstitutionFiguresQuery = {}): Promise<InstitutionFigures> {
  return get<InstitutionFigures>('/institutions/figures', query)
}

export function getInstitutionSettings(): Promise<InstitutionSettings> {
  return get<InstitutionSettings>('/institution-settings')
}

export function updateInstitutionSettings(body: InstitutionSettings): Promise<InstitutionSettings> {
  return put<InstitutionSettings>('/institution-settings', body)
}

export function listBedReports(query: BedReportListQuery = {}): Promise<Page<BedReport>> {
  return get<Page<BedReport>>('/bed-reports', query)
}

/** A report with the last approved one before it. */
export function getBedReport(reportId: string): Promise<BedReportDetail> {
  return get<BedReportDetail>(`/bed-reports/${id(reportId)}`)
}

export function createBedReport(body: BedReportCreate): Promise<BedReportDetail> {
  return post<BedReportDetail>('/bed-reports', body)
}

export function updateBedReport(reportId: string, body: BedReportUpdate): Promise<BedReportDetail> {
  return patch<BedReportDetail>(`/bed-reports/${id(reportId)}`, body)
}

/** Files the last approved figures for the period and submits them at once. */
export function fileUnchanged(facilityId: string, period: string): Promise<BedReportDetail> {
  return post<BedReportDetail>('/bed-reports/unchanged', { facilityId, period })
}

export function submitBedReport(reportId: string): Promise<BedReportDetail> {
  return post<BedReportDetail>(`/bed-reports/${id(reportId)}/submit`)
}

export function approveBedReport(reportId: string): Promise<BedReportDetail> {
  return post<BedReportDetail>(`/bed-reports/${id(reportId)}/approve`)
}

export function returnBedReport(reportId: string, comment: string): Promise<BedReportDetail> {
  return post<BedReportDetail>(`/bed-reports/${id(reportId)}/return`, { comment })
}

/** Institutions that have not filed a period; without one, the period due now. */
export function getLateFilers(period?: string): Promise<LateFilers> {
  return get<LateFilers>('/bed-reports/late', { period })
}

export function listStarRatings(query: StarRatingListQuery = {}): Promise<Page<StarRating>> {
  return get<Page<StarRating>>('/star-ratings', query)
}

export function createStarRating(body: StarRatingCreate): Promise<StarRating> {
  return post<StarRating>('/star-ratings', body)
}
