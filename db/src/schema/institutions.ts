import { sql } from 'drizzle-orm'
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { facilities } from './facilities.js'
import { tenants } from './tenants.js'

/** The profile of a facility of type `institution`; 康养联合体 membership is the facility's `health_union` tag. */
export const institutionProfiles = pgTable(
  'institution_profiles',
  {
    tenantId: uuid().notNull(),
    facilityId: uuid().notNull(),
    ownership: text({ enum: ['public', 'private', 'public_built_private_run'] }).notNull(),
    licenceNo: text(),
    licensedOn: date({ mode: 'string' }),
    licensedBeds: integer(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.facilityId] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('institution_profiles_licensed_beds', sql`${t.licensedBeds} is null or ${t.licensedBeds} >= 0`),
  ],
)

/** Bed-report and star-rating policy of a tenant; a missing row means the defaults of `shared`. */
export const institutionSettings = pgTable('institution_settings', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  /** The whole `InstitutionSettings` object of `shared`, checked by the service. */
  settings: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * An institution's figures for one month: draft → submitted → approved, or returned with a comment.
 * Approved reports are read-only. `figureChangedAt` keeps, per figure, when it last took its value.
 */
export const bedReports = pgTable(
  'bed_reports',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    facilityId: uuid().notNull(),
    /** `YYYY-MM`. */
    period: text().notNull(),
    status: text({ enum: ['draft', 'submitted', 'approved', 'returned'] }).notNull().default('draft'),
    totalBeds: integer().notNull(),
    nursingBeds: integer().notNull(),
    dementiaBeds: integer().notNull(),
    closedBeds: integer().notNull(),
    occupiedBeds: integer().notNull(),
    occupiedNursingBeds: integer().notNull(),
    occupiedDementiaBeds: integer().notNull(),
    residentsSelfCare: integer().notNull(),
    residentsPartlyDependent: integer().notNull(),
    residentsDependent: integer().notNull(),
    certifiedCaregivers: integer().notNull(),
    caregivers: integer().notNull(),
    explanation: text(),
    comment: text(),
    figureChangedAt: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Who first wrote the figures: with the submitter, someone who may not decide on the report (four eyes). */
    filedBy: uuid(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.facilityId, t.period),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('bed_reports_period_format', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    // The last line behind the service's checks: parts never exceed their whole.
    check(
      'bed_reports_figures',
      sql`least(${t.totalBeds}, ${t.nursingBeds}, ${t.dementiaBeds}, ${t.closedBeds}, ${t.occupiedBeds}, ${t.occupiedNursingBeds}, ${t.occupiedDementiaBeds},
        ${t.residentsSelfCare}, ${t.residentsPartlyDependent}, ${t.residentsDependent}, ${t.certifiedCaregivers}, ${t.caregivers}) >= 0
        and ${t.nursingBeds} <= ${t.totalBeds} and ${t.dementiaBeds} <= ${t.totalBeds}
        and ${t.occupiedBeds} + ${t.closedBeds} <= ${t.totalBeds}
        and ${t.occupiedNursingBeds} <= ${t.nursingBeds} and ${t.occupiedDementiaBeds} <= ${t.dementiaBeds}
        and ${t.certifiedCaregivers} <= ${t.caregivers}`,
    ),
    index().on(t.tenantId, t.period, t.status),
  ],
)

/**
 * Every submission, return and approval of a bed report, with its time: the report row keeps only the
 * latest submission and decision, so a report resubmitted after a return would otherwise lose when it
 * was first filed. Appended by a trigger on `bed_reports` whenever `submitted_at` or `decided_at` takes a
 * new value (migration 0021), whoever writes the row; removed with its report.
 */
export const bedReportEvents = pgTable(
  'bed_report_events',
  {
    tenantId: uuid().notNull(),
    reportId: uuid().notNull(),
    event: text({ enum: ['submitted', 'returned', 'approved'] }).notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    by: uuid(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.reportId, t.at, t.event] }),
    foreignKey({ columns: [t.tenantId, t.reportId], foreignColumns: [bedReports.tenantId, bedReports.id] }).onDelete('cascade'),
  ],
)

/** One assessment of an institution (星级评定): section scores, the grade awarded and until when it holds. */
export const starRatings = pgTable(
  'star_ratings',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    facilityId: uuid().notNull(),
    assessedOn: date({ mode: 'string' }).notNull(),
    assessors: text().array().notNull(),
    /** Sections as configured at the time, with the points given: `[{key, name, maxPoints, score}]`. */
    sectionScores: jsonb().$type<{ key: string; name: string; maxPoints: number; score: number }[]>().notNull(),
    totalScore: integer().notNull(),
    scoredGrade: smallint(),
    grade: smallint(),
    firstRating: boolean().notNull(),
    validUntil: date({ mode: 'string' }).notNull(),
    remarks: text(),
    createdBy: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('star_ratings_grades', sql`(${t.grade} is null or ${t.grade} between 1 and 5) and (${t.scoredGrade} is null or ${t.scoredGrade} between 1 and 5)`),
    check('star_ratings_valid_range', sql`${t.validUntil} >= ${t.assessedOn}`),
    index().on(t.tenantId, t.facilityId, t.assessedOn),
  ],
)
