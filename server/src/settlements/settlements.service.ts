import { uuidv7, type Executor } from '@eldercare/db'
import { SETTLEMENT_LOCKED_STATUSES, type Settlement, type SettlementListQuery, type SettlementStatus, type SettlementTotals } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf, townOfCommunity } from '../auth/scope.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import type { SettlementRow } from './settlements.repository.js'
import { writeSettlementXlsx } from './settlement-xlsx.js'

/** Which status a step may start from, and where it leads. Approving a submitted one is for towns without review. */
const STEPS = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  town_approve: { from: ['submitted'], to: 'town_approved' },
  approve: { from: ['submitted', 'town_approved'], to: 'approved' },
  return: { from: ['submitted', 'town_approved'], to: 'returned' },
} as const satisfies Record<string, { from: readonly SettlementStatus[]; to: SettlementStatus }>

export type SettlementStep = keyof typeof STEPS

const PAST = { submit: 'submitted', town_approve: 'reviewed by the town', approve: 'approved', return: 'returned' } as const

const isLocked = (status: SettlementStatus | undefined) => (SETTLEMENT_LOCKED_STATUSES as readonly string[]).includes(status ?? 'draft')

interface FacilityRef {
  id: string
  name: string
  communityCode: string
}

/** Statements frozen before 追回补贴 existed recovered nothing. */
function frozenTotals(totals: Record<string, unknown>): SettlementTotals {
  const frozen = totals as SettlementTotals
  return { ...frozen, recoveries: frozen.recoveries ?? [], recoveryFen: frozen.recoveryFen ?? 0, payableSubsidyFen: frozen.payableSubsidyFen ?? frozen.subsidyFen }
}

export default fp(
  async (fastify) => {
    const repository = fastify.settlementsRepository
    const audit = fastify.auditRepository
    const meals = fastify.mealsRepository

    const facilityFor = (actor: Actor, facilityId: string) => fastify.facilitiesService.findInScope(actor, facilityId)

    /** Whether a statement of this town goes through its town: it has a reviewer, or the bureau may not approve without one. */
    async function townReviews(tenantId: string, townCode: string, status: SettlementStatus, exec?: Executor): Promise<boolean> {
      if (status === 'town_approved') return true
      const { bureauApprovesWithoutTownReviewer } = await meals.settings(tenantId, exec)
      if (!bureauApprovesWithoutTownReviewer) return true
      return (await repository.townsWithReviewer(tenantId, exec)).has(townCode)
    }

    async function map(tenantId: string, facility: FacilityRef, month: string, row: SettlementRow | undefined, live: SettlementTotals, townReview: boolean): Promise<Settlement> {
      const frozen = row && isLocked(row.status) && row.totals
      const approved = row?.status === 'approved'
      const names = await repository.userNames(tenantId, [row?.submittedBy, row?.townReviewedBy, approved ? row?.decidedBy : null].filter((id): id is string => !!id))
      const signature = (id: string | null | undefined, at: Date | null | undefined) => (id && at ? { name: names.get(id) ?? '', at: at.toISOString() } : null)
      return {
        id: row?.id ?? null,
        facilityId: facility.id,
        facilityName: facility.name,
        townName: await repository.townName(tenantId, townOfCommunity(facility.communityCode)),
        month,
        status: row?.status ?? 'draft',
        comment: row?.comment ?? null,
        totals: frozen ? frozenTotals(row.totals!) : live,
        submittedAt: row?.submittedAt?.toISOString() ?? null,
        decidedAt: row?.decidedAt?.toISOString() ?? null,
        townReview,
        signatures: {
          submitted: signature(row?.submittedBy, row?.submittedAt),
          townReviewed: signature(row?.townReviewedBy, row?.townReviewedAt),
          approved: approved ? signature(row?.decidedBy, row?.decidedAt) : null,
        },
      }
    }

    /** The statement of a month: frozen figures once submitted, live ones before. */
    async function statement(actor: Actor, facilityId: string, month: string): Promise<Settlement> {
      const facility = await facilityFor(actor, facilityId)
      const row = await repository.find(actor.tenantId, facilityId, month)
      const live = row && isLocked(row.status) ? (row.totals as SettlementTotals) : await repository.totals(actor.tenantId, facilityId, month)
      return map(actor.tenantId, facility, month, row, live, await townReviews(actor.tenantId, townOfCommunity(facility.communityCode), row?.status ?? 'draft'))
    }

    async function list(actor: Actor, query: SettlementListQuery) {
      const { page = 1, pageSize = 20, facilityId } = query
      const scope = scopeOf(actor)
      const facilityIds = scope.kind === 'facilities' ? scope.facilityIds.filter((id) => !facilityId || id === facilityId) : facilityId ? [facilityId] : undefined
      const settings = await meals.settings(actor.tenantId)
      const { rows, total } = await repository.list(
        actor.tenantId,
        {
          month: query.month,
          status: query.status,
          awaiting: query.awaiting,
          ...(facilityIds ? { facilityIds } : {}),
          ...(scope.kind === 'towns' ? { townCodes: scope.townCodes } : {}),
          bureauApprovesWithoutTownReviewer: settings.bureauApprovesWithoutTownReviewer,
        },
        page,
        pageSize,
      )
      const reviewed = await repository.townsWithReviewer(actor.tenantId)
      const items = await Promise.all(
        rows.map(async ({ settlement, facilityName, communityCode }) => {
          const live = settlement.totals ? (settlement.totals as SettlementTotals) : await repository.totals(actor.tenantId, settlement.facilityId, settlement.month)
          const townReview = settlement.status === 'town_approved' || !settings.bureauApprovesWithoutTownReviewer || reviewed.has(townOfCommunity(communityCode))
          return map(actor.tenantId, { id: settlement.facilityId, name: facilityName, communityCode }, settlement.month, settlement, live, townReview)
        }),
      )
      return { items, total }
    }

    /** The rules of a step beyond its starting status: who may take it, and four eyes at every step. */
    function checkStep(actor: Actor, name: SettlementStep, before: SettlementRow | undefined, townReview: boolean): void {
      const status = before?.status ?? 'draft'
      const byTown = actor.role === 'town_staff'
      if (name === 'town_approve' || (name === 'return' && byTown)) {
        // The town decides only on what is waiting for it.
        if (status !== 'submitted' || !townReview) throw new AppError('SETTLEMENT_STATE', `a ${status} statement is not waiting for the town`)
      }
      if (name === 'approve' && status === 'submitted' && townReview) {
        throw new AppError('SETTLEMENT_TOWN_REVIEW_PENDING', 'the town reviews this statement before the bureau approves it')
      }
      if (name === 'return' && !byTown && status === 'submitted' && townReview) {
        throw new AppError('SETTLEMENT_TOWN_REVIEW_PENDING', 'the town reviews this statement first; it returns it if it must')
      }
      if (name === 'submit') return
      // Four eyes: who submitted does not review or decide; the town's reviewer does not also approve.
      if (before?.submittedBy === actor.userId) throw new AppError('SETTLEMENT_FOUR_EYES', 'a statement is reviewed and decided by someone other than its submitter')
      if (name === 'approve' && before?.townReviewedBy === actor.userId) throw new AppError('SETTLEMENT_FOUR_EYES', 'the town reviewer of a statement does not also approve it')
    }

    /**
     * Moves a statement one step. Submitting freezes the month's figures and locks its meals; returning
     * unlocks them for corrections; the town's review and the bureau's approval keep them locked.
     */
    async function step(actor: Actor, name: SettlementStep, facilityId: string, month: string, comment?: string): Promise<Settlement> {
      const facility = await facilityFor(actor, facilityId)
      if (name === 'submit' && month >= shanghaiToday().slice(0, 7)) {
        throw new AppError('SETTLEMENT_MONTH_OPEN', 'a month can be submitted once it has ended')
      }
      const townCode = townOfCommunity(facility.communityCode)
      const result = await fastify.db.transaction(async (tx) => {
        const before = await repository.find(actor.tenantId, facilityId, month, tx)
        const status = before?.status ?? 'draft'
        const rule = STEPS[name]
        if (!(rule.from as readonly string[]).includes(status)) {
          throw new AppError('SETTLEMENT_STATE', `a ${status} statement cannot be ${PAST[name]}`)
        }
        const townReview = await townReviews(actor.tenantId, townCode, status, tx)
        checkStep(actor, name, before, townReview)
        const now = new Date()
        const submitting = name === 'submit'
        const saved = await repository.save(
          {
            tenantId: actor.tenantId,
            id: before?.id ?? uuidv7(),
            facilityId,
            month,
            status: rule.to,
            comment: name === 'return' ? (comment ?? null) : submitting ? null : (before?.comment ?? null),
            totals: submitting ? await repository.totals(actor.tenantId, facilityId, month, tx) : name === 'return' ? null : before?.totals,
            submittedAt: submitting ? now : (before?.submittedAt ?? null),
            submittedBy: submitting ? actor.userId : (before?.submittedBy ?? null),
            // A new submission starts the reviews over; a return keeps who returned it in decidedBy.
            townReviewedAt: submitting || name === 'return' ? null : name === 'town_approve' ? now : (before?.townReviewedAt ?? null),
            townReviewedBy: submitting || name === 'return' ? null : name === 'town_approve' ? actor.userId : (before?.townReviewedBy ?? null),
            decidedAt: name === 'approve' || name === 'return' ? now : null,
            decidedBy: name === 'approve' || name === 'return' ? actor.userId : null,
          },
          tx,
        )
        await audit.record(
          actor,
          {
            action: `settlement.${name}`,
            entityType: 'settlement',
            entityId: saved.id,
            changes: { status: { from: status, to: rule.to }, ...(comment ? { comment: { to: comment } } : {}) },
          },
          tx,
        )
        return saved
      })
      const live = result.totals ? (result.totals as SettlementTotals) : await repository.totals(actor.tenantId, facilityId, month)
      return map(actor.tenantId, facility, month, result, live, await townReviews(actor.tenantId, townCode, result.status))
    }

    async function exportXlsx(actor: Actor, facilityId: string, month: string): Promise<Buffer> {
      const current = await statement(actor, facilityId, month)
      const tenant = await fastify.tenantsRepository.findById(actor.tenantId)
      return writeSettlementXlsx(current, tenant?.name ?? '')
    }

    fastify.decorate('settlementsService', { statement, list, step, exportXlsx })
  },
  { name: 'settlements-service', dependencies: ['settlements-repository', 'facilities-repository', 'tenants-repository', 'audit-repository', 'meals-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    settlementsService: {
      statement(actor: Actor, facilityId: string, month: string): Promise<Settlement>
      list(actor: Actor, query: SettlementListQuery): Promise<{ items: Settlement[]; total: number }>
      step(actor: Actor, name: SettlementStep, facilityId: string, month: string, comment?: string): Promise<Settlement>
      exportXlsx(actor: Actor, facilityId: string, month: string): Promise<Buffer>
    }
  }
}
