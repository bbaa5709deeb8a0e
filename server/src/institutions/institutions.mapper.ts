import { BED_FIGURE_FIELDS, type BedFigures, type BedReport, type CurrentRating, type Institution, type InstitutionProfile, type StarRating } from '@eldercare/shared'
import type { BedReportRow, InstitutionView, StarRatingRow } from './institutions.repository.js'

export function figuresOf(row: BedFigures): BedFigures {
  return Object.fromEntries(BED_FIGURE_FIELDS.map((field) => [field, row[field]])) as BedFigures
}

export function mapBedReport(row: BedReportRow, facilityName: string): BedReport {
  return {
    id: row.id,
    facilityId: row.facilityId,
    facilityName,
    period: row.period,
    status: row.status,
    figures: figuresOf(row),
    explanation: row.explanation,
    comment: row.comment,
    figureChangedAt: row.figureChangedAt,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function mapProfile(view: InstitutionView): InstitutionProfile {
  const profile = view.profile
  return {
    ownership: profile?.ownership ?? null,
    licenceNo: profile?.licenceNo ?? null,
    licensedOn: profile?.licensedOn ?? null,
    licensedBeds: profile?.licensedBeds ?? null,
    healthUnion: view.tags.includes('health_union'),
    updatedAt: profile?.updatedAt.toISOString() ?? null,
  }
}

export function mapInstitution(view: InstitutionView, latest: BedReportRow | undefined, rating: CurrentRating | null): Institution {
  return {
    id: view.id,
    name: view.name,
    townCode: view.townCode,
    townName: view.townName,
    communityName: view.communityName,
    address: view.address,
    operatorOrg: view.operatorOrg,
    openedOn: view.openedOn,
    closedOn: view.closedOn,
    profile: mapProfile(view),
    latestReport: latest ? { period: latest.period, figures: figuresOf(latest) } : null,
    currentRating: rating,
  }
}

export function mapStarRating(row: StarRatingRow, facilityName: string, today: string): StarRating {
  return {
    id: row.id,
    facilityId: row.facilityId,
    facilityName,
    assessedOn: row.assessedOn,
    assessors: row.assessors,
    sectionScores: row.sectionScores,
    totalScore: row.totalScore,
    scoredGrade: row.scoredGrade,
    grade: row.grade,
    firstRating: row.firstRating,
    capped: row.grade !== row.scoredGrade,
    validUntil: row.validUntil,
    expired: row.validUntil < today,
    remarks: row.remarks,
    createdAt: row.createdAt.toISOString(),
  }
}
