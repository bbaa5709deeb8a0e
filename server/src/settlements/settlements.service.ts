import { uuidv7 } from '@eldercare/db'
import type { Settlement, SettlementListQuery, SettlementStatus, SettlementTotals } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import type { SettlementRow } from './settlements.repository.js'
import { writeSettlementXlsx } from './settlement-xlsx.js'

/** Which status a step may start from, and where it leads. */
const STEPS = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
} as const satisfies Record<string, { from: readonly SettlementStatus[]; to: SettlementStatus }>

const PAST = { submit: 'submitted', approve: 'approved', return: 'returned' } as const

/** Statements frozen before 追回补贴 existed recovered nothing. */
function frozenTotals(totals: Record<string, unknown>): SettlementTotals {
  const frozen = totals as SettlementTotals
  return { ...frozen, recoveries: frozen.recoveries ?? [], recoveryFen: frozen.recoveryFen ?? 0, payableSubsidyFen: frozen.payableSubsidyFen ?? frozen.subsidyFen }
}

export default fp(
  async (fastify) => {
    const repository = fastify.settlementsRepository
    const audit = fastify.auditRepository

    const facilityFor = (actor: Actor, facilityId: string) => fastify.facilitiesService.findInScope(actor, facilityId)

    function map(facility: { id: string; name: string }, month: string, row: SettlementRow | undefined, live: SettlementTotals): Settlement {
      const frozen = row && (row.status === 'submitted' || row.status === 'approved') && row.totals
      return {
        id: row?.id ?? null,
        facilityId: facility.id,
        facilityName: facility.name,
        month,
        status: row?.status ?? 'draft',
        comment: row?.comment ?? null,
        totals: frozen ? frozenTotals(row.totals!) : live,
        submittedAt: row?.submittedAt?.toISOString() ?? null,
        decidedAt: row?.decidedAt?.toISOString() ?? null,
      }
    }

    /** The statement of a month: frozen figures once submitted, live ones before. */
    async function statement(actor: Actor, facilityId: string, month: string): Promise<Settlement> {
      const facility = await facilityFor(actor, facilityId)
      const row = await repository.find(actor.tenantId, facilityId, month)
      const live = row && (row.status === 'submitted' || row.status === 'approved') ? (row.totals as SettlementTotals) : await repository.totals(actor.tenantId, facilityId, month)
      return map(facility, month, row, live)
    }

    async function list(actor: Actor, query: SettlementListQuery) {
      const { page = 1, pageSize = 20, facilityId, ...filter } = query
      const scope = scopeOf(actor)
      const facilityIds = scope.kind === 'facilities' ? scope.facilityIds.filter((id) => !facilityId || id === facilityId) : facilityId ? [facilityId] : undefined
      const { rows, total } = await repository.list(actor.tenantId, { ...filter, ...(facilityIds ? { facilityIds } : {}) }, page, pageSize)
      const items = await Promise.all(
        rows.map(async ({ settlement, facilityName }) =>
          map({ id: settlement.facilityId, name: facilityName }, settlement.month, settlement, settlement.totals ? (settlement.totals as SettlementTotals) : await repository.totals(actor.tenantId, settlement.facilityId, settlement.month)),
        ),
      )
      return { items, total }
    }

    /**
     * Moves a statement one step. Submitting freezes the month's figures and locks its meals; returning
     * unlocks them for corrections; approving keeps them locked for good.
     */
    async function step(actor: Actor, name: keyof typeof STEPS, facilityId: string, month: string, comment?: string): Promise<Settlement> {
      const facility = await facilityFor(actor, facilityId)
      if (name === 'submit' && month >= shanghaiToday().slice(0, 7)) {
        throw new AppError('SETTLEMENT_MONTH_OPEN', 'a month can be submitted once it has ended')
      }
      const result = await fastify.db.transaction(async (tx) => {
        const before = await repository.find(actor.tenantId, facilityId, month, tx)
        const status = before?.status ?? 'draft'
        const rule = STEPS[name]
        if (!(rule.from as readonly string[]).includes(status)) {
          throw new AppError('SETTLEMENT_STATE', `a ${status} statement cannot be ${PAST[name]}`)
        }
        // Four eyes: whoever submitted a statement does not decide on it.
        if (name !== 'submit' && before?.submittedBy === actor.userId) {
          throw new AppError('SETTLEMENT_STATE', 'a statement is approved or returned by someone other than its submitter')
        }
        const now = new Date()
        const saved = await repository.save(
          {
            tenantId: actor.tenantId,
            id: before?.id ?? uuidv7(),
            facilityId,
            month,
            status: rule.to,
            comment: name === 'return' ? (comment ?? null) : name === 'submit' ? null : (before?.comment ?? null),
            totals: name === 'submit' ? await repository.totals(actor.tenantId, facilityId, month, tx) : name === 'return' ? null : before?.totals,
            submittedAt: name === 'submit' ? now : (before?.submittedAt ?? null),
            submittedBy: name === 'submit' ? actor.userId : (before?.submittedBy ?? null),
            decidedAt: name === 'submit' ? null : now,
            decidedBy: name === 'submit' ? null : actor.userId,
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
      return map(facility, month, result, live)
    }

    async function exportXlsx(actor: Actor, facilityId: string, month: string): Promise<Buffer> {
      const current = await statement(actor, facilityId, month)
      const tenant = await fastify.tenantsRepository.findById(actor.tenantId)
      return writeSettlementXlsx(current, tenant?.name ?? '')
    }

    fastify.decorate('settlementsService', { statement, list, step, exportXlsx })
  },
  { name: 'settlements-service', dependencies: ['settlements-repository', 'facilities-repository', 'tenants-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    settlementsService: {
      statement(actor: Actor, facilityId: string, month: string): Promise<Settlement>
      list(actor: Actor, query: SettlementListQuery): Promise<{ items: Settlement[]; total: number }>
      step(actor: Actor, name: 'submit' | 'approve' | 'return', facilityId: string, month: string, comment?: string): Promise<Settlement>
      exportXlsx(actor: Actor, facilityId: string, month: string): Promise<Buffer>
    }
  }
}
