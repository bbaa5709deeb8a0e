import { uuidv7, type Executor } from '@eldercare/db'
import {
  BED_FIGURE_FIELDS,
  checkBedFigures,
  figuresChangedBeyond,
  periodDueOn,
  reportingWindow,
  type BedFigureProblem,
  type BedFigures,
  type BedReport,
  type BedReportCreate,
  type BedReportDetail,
  type BedReportListQuery,
  type BedReportStatus,
  type BedReportUnchanged,
  type BedReportUpdate,
  type LateFilers,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError, notFound } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { lateFilers } from './institution-figures.js'
import { figuresOf, mapBedReport } from './institutions.mapper.js'
import type { BedReportRow, InstitutionView } from './institutions.repository.js'

/** Which status a step may start from, and where it leads. */
const STEPS = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
} as const satisfies Record<string, { from: readonly BedReportStatus[]; to: BedReportStatus }>

const PAST = { submit: 'submitted', approve: 'approved', return: 'returned' } as const
const EDITABLE: readonly BedReportStatus[] = ['draft', 'returned']

/** The English message of a refused figure; the web words the same problem in the user's language. */
export function problemMessage(problem: BedFigureProblem): string {
  if (problem.rule === 'negative') return `${problem.field} cannot be negative`
  if (problem.rule === 'residentsExceedOccupied') return `${problem.field}: residents by care level add up to more than the ${problem.limit} occupied beds`
  return problem.limitOf === 'openBeds'
    ? `${problem.field} cannot exceed the ${problem.limit} beds open to admissions (totalBeds − closedBeds)`
    : `${problem.field} cannot exceed ${problem.limitOf} (${problem.limit})`
}

/**
 * When each figure last took its value: carried from the last approved report while equal to it, kept
 * from the report being edited while unchanged there, otherwise now.
 */
export function figureChangedAt(
  figures: BedFigures,
  previous: { figures: BedFigures; changedAt: Record<string, string> } | null,
  current: { figures: BedFigures; changedAt: Record<string, string> } | null,
  now: Date,
): Record<string, string> {
  return Object.fromEntries(
    BED_FIGURE_FIELDS.map((field) => {
      const carried =
        (previous && previous.figures[field] === figures[field] && previous.changedAt[field]) ||
        (current && current.figures[field] === figures[field] && current.changedAt[field])
      return [field, carried || now.toISOString()]
    }),
  )
}

const stamps = (row: BedReportRow | undefined) => (row ? { figures: figuresOf(row), changedAt: row.figureChangedAt } : null)

export default fp(
  async (fastify) => {
    const repository = fastify.institutionsRepository
    const institutions = fastify.institutionsService
    const audit = fastify.auditRepository

    /** A report whose institution the actor may see, or 404. */
    async function load(actor: Actor, id: string, exec: Executor = fastify.db): Promise<{ report: BedReportRow; institution: InstitutionView }> {
      const report = await repository.findReport(actor.tenantId, id, exec)
      if (!report) throw notFound('bed report')
      const institution = await institutions.load(actor, report.facilityId, exec).catch(() => {
        throw notFound('bed report')
      })
      return { report, institution }
    }

    /** A report is for a month that has ended and in which the institution was open. */
    function checkPeriod(institution: InstitutionView, period: string) {
      if (period >= shanghaiToday().slice(0, 7)) throw new AppError('BED_REPORT_PERIOD_INVALID', 'a month can be reported once it has ended')
      if (period < institution.openedOn.slice(0, 7)) throw new AppError('BED_REPORT_PERIOD_INVALID', 'the institution had not opened in that month')
    }

    /** Refuses the figures with every problem named by its field, before anything is written. */
    async function checkFigures(actor: Actor, figures: BedFigures, explanation: string | null, previous: BedReportRow | undefined, exec: Executor) {
      const problems = checkBedFigures(figures)
      if (problems.length > 0) {
        throw new AppError(
          'BED_REPORT_INVALID',
          problems.map(problemMessage).join('; '),
          problems.map((problem) => ({ path: `/body/figures/${problem.field}`, message: problemMessage(problem) })),
        )
      }
      const { changeThresholdPercent } = await institutions.settings(actor, exec)
      const moved = figuresChangedBeyond(previous ? figuresOf(previous) : null, figures, changeThresholdPercent)
      if (moved.length > 0 && !explanation?.trim()) {
        throw new AppError(
          'BED_REPORT_EXPLANATION_REQUIRED',
          `figures changed by more than ${changeThresholdPercent}% against ${previous!.period}: ${moved.join(', ')}`,
          [
            { path: '/body/explanation', message: 'explain the change' },
            ...moved.map((field) => ({ path: `/body/figures/${field}`, message: `changed by more than ${changeThresholdPercent}% against ${previous!.period}` })),
          ],
        )
      }
    }

    async function detail(actor: Actor, report: BedReportRow, institution: InstitutionView): Promise<BedReportDetail> {
      const previous = await repository.lastApproved(actor.tenantId, report.facilityId, report.period)
      return { report: mapBedReport(report, institution.name), previous: previous ? mapBedReport(previous, institution.name) : null }
    }

    async function get(actor: Actor, id: string): Promise<BedReportDetail> {
      const { report, institution } = await load(actor, id)
      return detail(actor, report, institution)
    }

    async function list(actor: Actor, query: BedReportListQuery): Promise<{ items: BedReport[]; total: number }> {
      const { page = 1, pageSize = 20 } = query
      const filter = { facilityId: query.facilityId, period: query.period, status: query.status, ...institutions.scopeFilter(actor) }
      const { rows, total } = await repository.listReports(actor.tenantId, filter, page, pageSize)
      return { items: rows.map((row) => mapBedReport(row.report, row.facilityName)), total }
    }

    async function create(actor: Actor, input: BedReportCreate): Promise<BedReportDetail> {
      const explanation = input.explanation ?? null
      const saved = await fastify.db.transaction(async (tx) => {
        const institution = await institutions.load(actor, input.facilityId, tx)
        checkPeriod(institution, input.period)
        if (await repository.findReportFor(actor.tenantId, input.facilityId, input.period, tx)) {
          throw new AppError('BED_REPORT_EXISTS', `a report for ${input.period} exists already: edit that one`)
        }
        const previous = await repository.lastApproved(actor.tenantId, input.facilityId, input.period, tx)
        await checkFigures(actor, input.figures, explanation, previous, tx)
        const row = await repository.insertReport(
          {
            tenantId: actor.tenantId,
            id: uuidv7(),
            facilityId: input.facilityId,
            period: input.period,
            status: 'draft',
            filedBy: actor.userId,
            ...input.figures,
            explanation,
            figureChangedAt: figureChangedAt(input.figures, stamps(previous), null, new Date()),
          },
          tx,
        )
        await audit.record(
          actor,
          { action: 'bed_report.create', entityType: 'bed_report', entityId: row.id, changes: changedFields(null, { period: row.period, ...input.figures, explanation }) },
          tx,
        )
        return { row, institution }
      })
      return detail(actor, saved.row, saved.institution)
    }

    async function update(actor: Actor, id: string, input: BedReportUpdate): Promise<BedReportDetail> {
      const explanation = input.explanation ?? null
      const saved = await fastify.db.transaction(async (tx) => {
        const { report, institution } = await load(actor, id, tx)
        if (!EDITABLE.includes(report.status)) throw new AppError('BED_REPORT_STATE', `a ${report.status} report cannot be changed`)
        const previous = await repository.lastApproved(actor.tenantId, report.facilityId, report.period, tx)
        await checkFigures(actor, input.figures, explanation, previous, tx)
        const row = await repository.updateReport(
          actor.tenantId,
          id,
          { ...input.figures, explanation, figureChangedAt: figureChangedAt(input.figures, stamps(previous), stamps(report), new Date()) },
          tx,
        )
        await audit.record(
          actor,
          {
            action: 'bed_report.update',
            entityType: 'bed_report',
            entityId: id,
            changes: changedFields({ ...figuresOf(report), explanation: report.explanation }, { ...input.figures, explanation }),
          },
          tx,
        )
        return { row, institution }
      })
      return detail(actor, saved.row, saved.institution)
    }

    /** Moves a report one step; submitting checks the figures again against the latest approval. */
    async function step(actor: Actor, name: keyof typeof STEPS, id: string, comment?: string): Promise<BedReportDetail> {
      const saved = await fastify.db.transaction(async (tx) => {
        const { report, institution } = await load(actor, id, tx)
        const rule = STEPS[name]
        if (!(rule.from as readonly string[]).includes(report.status)) {
          throw new AppError('BED_REPORT_STATE', `a ${report.status} report cannot be ${PAST[name]}`)
        }
        // Four eyes, as on settlements: whoever filed or submitted a report does not decide on it.
        if (name !== 'submit' && (report.filedBy === actor.userId || report.submittedBy === actor.userId)) {
          throw new AppError('BED_REPORT_STATE', 'a report is approved or returned by someone other than who filed or submitted it')
        }
        if (name === 'submit') {
          const previous = await repository.lastApproved(actor.tenantId, report.facilityId, report.period, tx)
          await checkFigures(actor, figuresOf(report), report.explanation, previous, tx)
        }
        const now = new Date()
        const row = await repository.updateReport(
          actor.tenantId,
          id,
          {
            status: rule.to,
            ...(name === 'submit' ? { submittedAt: now, submittedBy: actor.userId, comment: null } : { decidedAt: now, decidedBy: actor.userId }),
            ...(name === 'return' ? { comment: comment ?? null } : {}),
          },
          tx,
        )
        await audit.record(
          actor,
          {
            action: `bed_report.${name}`,
            entityType: 'bed_report',
            entityId: id,
            changes: { status: { from: report.status, to: rule.to }, ...(comment ? { comment: { to: comment } } : {}) },
          },
          tx,
        )
        return { row, institution }
      })
      return detail(actor, saved.row, saved.institution)
    }

    /** "Unchanged since last month": the last approved figures, filed and submitted for the period at once. */
    async function unchanged(actor: Actor, input: BedReportUnchanged): Promise<BedReportDetail> {
      const saved = await fastify.db.transaction(async (tx) => {
        const institution = await institutions.load(actor, input.facilityId, tx)
        checkPeriod(institution, input.period)
        const existing = await repository.findReportFor(actor.tenantId, input.facilityId, input.period, tx)
        if (existing && !EDITABLE.includes(existing.status)) throw new AppError('BED_REPORT_STATE', `a ${existing.status} report cannot be changed`)
        const previous = await repository.lastApproved(actor.tenantId, input.facilityId, input.period, tx)
        if (!previous) throw new AppError('BED_REPORT_NO_PREVIOUS', 'there is no approved earlier report to copy')
        const figures = figuresOf(previous)
        const now = new Date()
        const values = {
          ...figures,
          status: 'submitted' as const,
          explanation: null,
          comment: null,
          figureChangedAt: figureChangedAt(figures, stamps(previous), null, now),
          submittedAt: now,
          submittedBy: actor.userId,
          filedBy: existing?.filedBy ?? actor.userId,
        }
        const row = existing
          ? await repository.updateReport(actor.tenantId, existing.id, values, tx)
          : await repository.insertReport({ tenantId: actor.tenantId, id: uuidv7(), facilityId: input.facilityId, period: input.period, ...values }, tx)
        await audit.record(
          actor,
          {
            action: 'bed_report.unchanged',
            entityType: 'bed_report',
            entityId: row.id,
            changes: {
              ...changedFields(existing ? figuresOf(existing) : null, figures),
              status: { from: existing?.status ?? null, to: 'submitted' },
              copiedFrom: { to: previous.period },
            },
          },
          tx,
        )
        return { row, institution }
      })
      return detail(actor, saved.row, saved.institution)
    }

    /** Institutions in scope that have not filed a period (default: the one due now), and its window. */
    async function late(actor: Actor, period: string = periodDueOn(shanghaiToday())): Promise<LateFilers> {
      const window = reportingWindow(period, await institutions.settings(actor))
      const [all, reports] = await Promise.all([
        repository.allInstitutions(actor.tenantId, institutions.scopeFilter(actor)),
        repository.reportsOfPeriod(actor.tenantId, period),
      ])
      const { expected, late } = lateFilers(all, reports, period)
      return {
        window,
        overdue: shanghaiToday() > window.closesOn,
        expected: expected.length,
        items: late.map((facility) => {
          const report = reports.find((row) => row.facilityId === facility.id)
          return { facilityId: facility.id, facilityName: facility.name, townName: facility.townName, reportId: report?.id ?? null, status: report?.status ?? null }
        }),
      }
    }

    fastify.decorate('bedReportsService', { get, list, create, update, step, unchanged, late })
  },
  { name: 'bed-reports-service', dependencies: ['institutions-repository', 'institutions-service', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    bedReportsService: {
      get(actor: Actor, id: string): Promise<BedReportDetail>
      list(actor: Actor, query: BedReportListQuery): Promise<{ items: BedReport[]; total: number }>
      create(actor: Actor, input: BedReportCreate): Promise<BedReportDetail>
      update(actor: Actor, id: string, input: BedReportUpdate): Promise<BedReportDetail>
      step(actor: Actor, name: 'submit' | 'approve' | 'return', id: string, comment?: string): Promise<BedReportDetail>
      unchanged(actor: Actor, input: BedReportUnchanged): Promise<BedReportDetail>
      late(actor: Actor, period?: string): Promise<LateFilers>
    }
  }
}
