import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, QueryText, Text, Uuid } from './common.js'
import { Month } from './settlements.js'
import { BED_REPORT_STATUSES, INSTITUTION_OWNERSHIPS, type BED_FIGURE_FIELDS } from '../constants/institutions.js'

export const InstitutionOwnership = Type.Enum(INSTITUTION_OWNERSHIPS)
export type InstitutionOwnership = Static<typeof InstitutionOwnership>

const Count = Type.Integer({ maximum: 100_000 })

export type BedFigureField = (typeof BED_FIGURE_FIELDS)[number]

export const BedFigures = Type.Object({
  /** All beds of the institution. */
  totalBeds: Count,
  /** 护理型床位. */
  nursingBeds: Count,
  /** 认知障碍照护床位. */
  dementiaBeds: Count,
  /** Beds closed to admissions this month (repairs, staffing). */
  closedBeds: Count,
  occupiedBeds: Count,
  occupiedNursingBeds: Count,
  occupiedDementiaBeds: Count,
  /** Residents by care level: 自理 / 半失能 / 失能. */
  residentsSelfCare: Count,
  residentsPartlyDependent: Count,
  residentsDependent: Count,
  /** 持证养老护理员. */
  certifiedCaregivers: Count,
  /** All caregivers, certified or not. */
  caregivers: Count,
})
export type BedFigures = Static<typeof BedFigures>

export const BedReportStatus = Type.Enum(BED_REPORT_STATUSES)
export type BedReportStatus = Static<typeof BedReportStatus>

/** When each figure last took its present value, carried over from report to report while it stays the same. */
export const FigureChangedAt = Type.Record(Type.String(), Instant)
export type FigureChangedAt = Static<typeof FigureChangedAt>

export const BedReport = Type.Object({
  id: Uuid,
  facilityId: Uuid,
  facilityName: Type.String(),
  /** The month reported on, `YYYY-MM`. */
  period: Month,
  status: BedReportStatus,
  figures: BedFigures,
  /** Why figures moved by more than the allowed share against the last approved report. */
  explanation: Type.Union([Type.String(), Type.Null()]),
  /** The bureau's comment when it returned the report. */
  comment: Type.Union([Type.String(), Type.Null()]),
  figureChangedAt: FigureChangedAt,
  submittedAt: Type.Union([Instant, Type.Null()]),
  decidedAt: Type.Union([Instant, Type.Null()]),
  updatedAt: Instant,
})
export type BedReport = Static<typeof BedReport>

/** A report with the last approved one before it, which the form shows beside the figures. */
export const BedReportDetail = Type.Object({
  report: BedReport,
  previous: Type.Union([BedReport, Type.Null()]),
})
export type BedReportDetail = Static<typeof BedReportDetail>

export const BedReportCreate = Type.Object({
  facilityId: Uuid,
  period: Month,
  figures: BedFigures,
  explanation: Type.Optional(Type.Union([Text({ maxLength: 500 }), Type.Null()])),
})
export type BedReportCreate = Static<typeof BedReportCreate>

export const BedReportUpdate = Type.Object({
  figures: BedFigures,
  explanation: Type.Optional(Type.Union([Text({ maxLength: 500 }), Type.Null()])),
})
export type BedReportUpdate = Static<typeof BedReportUpdate>

/** "Unchanged since last month": the last approved figures, filed and submitted for the period in one step. */
export const BedReportUnchanged = Type.Object({ facilityId: Uuid, period: Month })
export type BedReportUnchanged = Static<typeof BedReportUnchanged>

export const BedReportReturn = Type.Object({ comment: Text({ maxLength: 500 }) })
export type BedReportReturn = Static<typeof BedReportReturn>

export const BedReportListQuery = Type.Object({
  ...PageQuery.properties,
  facilityId: Type.Optional(Uuid),
  period: Type.Optional(Month),
  status: Type.Optional(BedReportStatus),
})
export type BedReportListQuery = Static<typeof BedReportListQuery>

/** The days of the month after a period in which its report is due (inclusive). */
export const ReportingWindow = Type.Object({
  period: Month,
  opensOn: CalendarDate,
  closesOn: CalendarDate,
})
export type ReportingWindow = Static<typeof ReportingWindow>

export const LateFilersQuery = Type.Object({
  /** Default: the period whose window is open or last closed, i.e. last month. */
  period: Type.Optional(Month),
})
export type LateFilersQuery = Static<typeof LateFilersQuery>

export const LateFiler = Type.Object({
  facilityId: Uuid,
  facilityName: Type.String(),
  townName: Type.String(),
  /** Null when nothing at all was started for the period. */
  reportId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([BedReportStatus, Type.Null()]),
})
export type LateFiler = Static<typeof LateFiler>

export const LateFilers = Type.Object({
  window: ReportingWindow,
  /** True once the window has closed: whoever is listed is late, not just not yet done. */
  overdue: Type.Boolean(),
  /** Institutions open in the period that have not submitted its report. */
  items: Type.Array(LateFiler),
  /** Institutions expected to report for the period. */
  expected: Type.Integer(),
})
export type LateFilers = Static<typeof LateFilers>

/** A ratio with what it was made of; null value when the denominator is zero. */
export const Ratio = Type.Object({ numerator: Type.Number(), denominator: Type.Number(), value: Type.Union([Type.Number(), Type.Null()]) })
export type Ratio = Static<typeof Ratio>

export const RatingDistribution = Type.Object({
  /** Institutions with a valid rating of each grade, 1 to 5 stars. */
  byGrade: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer(), Type.Integer(), Type.Integer()]),
  /** Institutions without a valid rating (never rated, expired or below one star). */
  unrated: Type.Integer(),
  threeStarsOrMore: Ratio,
})
export type RatingDistribution = Static<typeof RatingDistribution>

/** Bed figures of one institution or of many added up, from latest approved reports. */
export const BedIndicators = Type.Object({
  /** Institutions whose latest approved report is counted. */
  reports: Type.Integer(),
  totalBeds: Type.Integer(),
  dementiaBeds: Type.Integer(),
  certifiedCaregivers: Type.Integer(),
  /** nursing-type beds ÷ all beds. */
  nursingBedShare: Ratio,
  /** occupied beds ÷ beds open to admissions. */
  occupancy: Ratio,
  /** caregivers ÷ all beds. */
  caregiversPerBed: Ratio,
})
export type BedIndicators = Static<typeof BedIndicators>

export const InstitutionFigures = Type.Object({
  asOf: CalendarDate,
  institutions: Type.Integer(),
  beds: BedIndicators,
  ratings: RatingDistribution,
})
export type InstitutionFigures = Static<typeof InstitutionFigures>

export const InstitutionFiguresQuery = Type.Object({
  townCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
  ownership: Type.Optional(InstitutionOwnership),
})
export type InstitutionFiguresQuery = Static<typeof InstitutionFiguresQuery>

export const InstitutionProfile = Type.Object({
  ownership: Type.Union([InstitutionOwnership, Type.Null()]),
  licenceNo: Type.Union([Type.String(), Type.Null()]),
  licensedOn: Type.Union([CalendarDate, Type.Null()]),
  licensedBeds: Type.Union([Type.Integer(), Type.Null()]),
  /** Member of a 康养联合体: the facility tag `health_union`. */
  healthUnion: Type.Boolean(),
  updatedAt: Type.Union([Instant, Type.Null()]),
})
export type InstitutionProfile = Static<typeof InstitutionProfile>

export const InstitutionProfilePut = Type.Object({
  ownership: InstitutionOwnership,
  licenceNo: Type.Union([Text({ maxLength: 64 }), Type.Null()]),
  licensedOn: Type.Union([CalendarDate, Type.Null()]),
  licensedBeds: Type.Union([Type.Integer({ minimum: 0, maximum: 100_000 }), Type.Null()]),
  healthUnion: Type.Boolean(),
})
export type InstitutionProfilePut = Static<typeof InstitutionProfilePut>

export const StarGrade = Type.Integer({ minimum: 1, maximum: 5 })

/** The rating an institution holds today: the latest assessment, while valid. */
export const CurrentRating = Type.Object({ ratingId: Uuid, grade: StarGrade, assessedOn: CalendarDate, validUntil: CalendarDate })
export type CurrentRating = Static<typeof CurrentRating>

export const Institution = Type.Object({
  id: Uuid,
  name: Type.String(),
  townCode: Type.String(),
  townName: Type.String(),
  communityName: Type.String(),
  address: Type.String(),
  operatorOrg: Type.Union([Type.String(), Type.Null()]),
  openedOn: CalendarDate,
  closedOn: Type.Union([CalendarDate, Type.Null()]),
  profile: InstitutionProfile,
  /** The latest approved report, or null before the first approval. */
  latestReport: Type.Union([Type.Object({ period: Month, figures: BedFigures }), Type.Null()]),
  currentRating: Type.Union([CurrentRating, Type.Null()]),
})
export type Institution = Static<typeof Institution>

export const InstitutionDetail = Type.Object({
  ...Institution.properties,
  beds: BedIndicators,
})
export type InstitutionDetail = Static<typeof InstitutionDetail>

export const InstitutionListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(QueryText({ maxLength: 64 })),
  townCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
  ownership: Type.Optional(InstitutionOwnership),
})
export type InstitutionListQuery = Static<typeof InstitutionListQuery>

export const BedHistoryQuery = Type.Object({ months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, default: 12 })) })
export type BedHistoryQuery = Static<typeof BedHistoryQuery>

export const BedHistory = Type.Object({
  facilityId: Uuid,
  /** Approved reports, oldest first. */
  items: Type.Array(Type.Object({ period: Month, figures: BedFigures })),
})
export type BedHistory = Static<typeof BedHistory>

export const RatingSection = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
  name: Text({ maxLength: 32 }),
  maxPoints: Type.Integer({ minimum: 1, maximum: 10_000 }),
})
export type RatingSection = Static<typeof RatingSection>

/** Bed-report and star-rating policy of a tenant (policy, not code); see domain.md. */
export const InstitutionSettings = Type.Object({
  /** First and last day of the month after a period in which its bed report is due. */
  reportWindowStartDay: Type.Integer({ minimum: 1, maximum: 28 }),
  reportWindowEndDay: Type.Integer({ minimum: 1, maximum: 28 }),
  /** A figure moving by more than this percentage against the last approved report needs an explanation. */
  changeThresholdPercent: Type.Integer({ minimum: 1, maximum: 100 }),
  ratingSections: Type.Array(RatingSection, { minItems: 1, maxItems: 12 }),
  /** Lowest total score for 1, 2, 3, 4 and 5 stars, ascending. */
  gradeThresholds: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer(), Type.Integer(), Type.Integer()]),
  ratingValidityYears: Type.Integer({ minimum: 1, maximum: 10 }),
  /** The highest grade a first assessment may get; null: no cap. */
  firstRatingMaxGrade: Type.Union([StarGrade, Type.Null()]),
})
export type InstitutionSettings = Static<typeof InstitutionSettings>

export const SectionScore = Type.Object({ key: Type.String(), name: Type.String(), maxPoints: Type.Integer(), score: Type.Integer() })
export type SectionScore = Static<typeof SectionScore>

export const StarRating = Type.Object({
  id: Uuid,
  facilityId: Uuid,
  facilityName: Type.String(),
  assessedOn: CalendarDate,
  assessors: Type.Array(Type.String()),
  sectionScores: Type.Array(SectionScore),
  totalScore: Type.Integer(),
  /** The grade the thresholds give, before any cap; null below one star. */
  scoredGrade: Type.Union([StarGrade, Type.Null()]),
  /** The grade awarded: the scored grade, capped for a first rating. */
  grade: Type.Union([StarGrade, Type.Null()]),
  firstRating: Type.Boolean(),
  capped: Type.Boolean(),
  validUntil: CalendarDate,
  /** valid until `validUntil` (inclusive), expired after it. */
  expired: Type.Boolean(),
  remarks: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
})
export type StarRating = Static<typeof StarRating>

export const StarRatingCreate = Type.Object({
  facilityId: Uuid,
  assessedOn: CalendarDate,
  assessors: Type.Array(Text({ maxLength: 32 }), { minItems: 1, maxItems: 10 }),
  /** One score per section of the settings, by key. */
  scores: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), Type.Integer({ minimum: 0, maximum: 10_000 })),
  /** Default: assessedOn plus the validity period of the settings, less a day. */
  validUntil: Type.Optional(CalendarDate),
  remarks: Type.Optional(Type.Union([Text({ maxLength: 500 }), Type.Null()])),
})
export type StarRatingCreate = Static<typeof StarRatingCreate>

export const StarRatingListQuery = Type.Object({
  ...PageQuery.properties,
  facilityId: Type.Optional(Uuid),
  /** Only the current rating of each institution. */
  current: Type.Optional(Type.Boolean()),
  /** Only ratings still valid and expiring within so many days. */
  expiringWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
})
export type StarRatingListQuery = Static<typeof StarRatingListQuery>
