import { uuidv7, type Executor } from '@eldercare/db'
import type { ElderStatusChange, ElderStatusHistory, ElderStatusSource, ErrorDetail } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import type { ElderStatusView } from './elder-status.repository.js'

const invalid = (message: string, details: ErrorDetail[]) => new AppError('ELDER_STATUS_INVALID', message, details)

/** A status change asked for, checked against the elder: what a schema cannot say. */
export function statusChangeProblems(change: ElderStatusChange, elder: { birthDate: string }, today: string, source: ElderStatusSource, path = '/body'): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  if (change.effectiveFrom > today) problems.push({ path: `${path}/effectiveFrom`, message: 'a status cannot take effect after today' })
  if (change.effectiveFrom < elder.birthDate) problems.push({ path: `${path}/effectiveFrom`, message: 'before the elder was born' })
  // A roster file names no institution: the town staff add it on the elder's page.
  if (change.status === 'in_institution' && !change.institutionId && source === 'form') problems.push({ path: `${path}/institutionId`, message: '入住机构 needs the institution' })
  if (change.status !== 'in_institution' && change.institutionId) problems.push({ path: `${path}/institutionId`, message: 'only 入住机构 names an institution' })
  return problems
}

/**
 * Dated elder status: every change is a row of the history (who, when, from which day), and
 * `elders.status` follows its latest row in the same transaction. The elder form, the status API and the
 * roster import all write through `record`.
 */
export default fp(
  async (fastify) => {
    const repository = fastify.elderStatusRepository
    const facilities = fastify.facilitiesRepository
    const audit = fastify.auditRepository

    async function checkInstitution(tenantId: string, institutionId: string | null | undefined, path: string, exec: Executor) {
      if (!institutionId) return
      const [facility] = await facilities.findByIds(tenantId, [institutionId], exec)
      if (!facility || facility.type !== 'institution') throw invalid('not an institution of this district', [{ path: `${path}/institutionId`, message: 'not an institution' }])
    }

    /**
     * Records status changes of elders already checked to be in the actor's scope, then brings
     * `elders.status` up to date. A change equal to the status already in force on its day adds nothing.
     */
    async function record(actor: Actor, changes: { elderId: string; change: ElderStatusChange; birthDate: string }[], source: ElderStatusSource, exec: Executor): Promise<number> {
      const today = shanghaiToday()
      const latest = await repository.latest(actor.tenantId, changes.map((item) => item.elderId), exec)
      const rows = []
      const corrected: string[] = []
      for (const [index, { elderId, change, birthDate }] of changes.entries()) {
        const path = changes.length > 1 ? `/${index}` : '/body'
        const problems = statusChangeProblems(change, { birthDate }, today, source, path)
        if (problems.length > 0) throw invalid('the status change has errors', problems)
        await checkInstitution(actor.tenantId, change.institutionId, path, exec)
        const current = latest.get(elderId)
        // Without a history an elder is 在册: recording that says nothing, and would outrank a move dated earlier.
        if (!current && change.status === 'active') continue
        const same = current && current.status === change.status && current.effectiveFrom === change.effectiveFrom && (current.institutionId ?? null) === (change.institutionId ?? null)
        if (same) continue
        // The status in force, dated earlier: a correction of its day (a date of death found to be earlier), not a new row that it would outrank.
        if (current && current.status === change.status && change.effectiveFrom < current.effectiveFrom) {
          await repository.correct(actor.tenantId, current.id, { effectiveFrom: change.effectiveFrom, institutionId: change.institutionId ?? current.institutionId, recordedBy: actor.userId, source }, exec)
          corrected.push(elderId)
          continue
        }
        rows.push({
          tenantId: actor.tenantId,
          id: uuidv7(),
          elderId,
          status: change.status,
          institutionId: change.institutionId ?? null,
          effectiveFrom: change.effectiveFrom,
          source,
          recordedBy: actor.userId,
        })
      }
      if (rows.length + corrected.length === 0) return 0
      await repository.insert(rows, exec)
      await repository.syncCurrent(actor.tenantId, [...new Set([...rows.map((row) => row.elderId), ...corrected])], exec)
      return rows.length + corrected.length
    }

    /** One elder's change through the status API, audited. */
    async function change(actor: Actor, elderId: string, input: ElderStatusChange): Promise<ElderStatusHistory> {
      await fastify.db.transaction(async (tx) => {
        const elder = await fastify.eldersService.loadInScope(actor, elderId, tx)
        const added = await record(actor, [{ elderId, change: input, birthDate: elder.birthDate }], 'form', tx)
        if (added > 0) {
          await audit.record(
            actor,
            { action: 'elder.status', entityType: 'elder', entityId: elderId, changes: { status: { from: elder.status, to: input.status }, effectiveFrom: { to: input.effectiveFrom }, ...(input.institutionId ? { institutionId: { to: input.institutionId } } : {}) } },
            tx,
          )
        }
      })
      return history(actor, elderId)
    }

    async function history(actor: Actor, elderId: string): Promise<ElderStatusHistory> {
      await fastify.eldersService.loadInScope(actor, elderId)
      const rows = await repository.history(actor.tenantId, elderId)
      return { elderId, entries: rows.map(mapStatusEntry) }
    }

    fastify.decorate('elderStatusService', { record, change, history })
  },
  { name: 'elder-status-service', dependencies: ['elder-status-repository', 'facilities-repository', 'audit-repository'] },
)

export function mapStatusEntry(row: ElderStatusView): ElderStatusHistory['entries'][number] {
  return {
    id: row.id,
    status: row.status,
    effectiveFrom: row.effectiveFrom,
    institutionId: row.institutionId,
    institutionName: row.institutionName,
    source: row.source,
    recordedBy: row.recordedByName,
    recordedAt: row.recordedAt.toISOString(),
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    elderStatusService: {
      record(actor: Actor, changes: { elderId: string; change: ElderStatusChange; birthDate: string }[], source: ElderStatusSource, exec: Executor): Promise<number>
      change(actor: Actor, elderId: string, input: ElderStatusChange): Promise<ElderStatusHistory>
      history(actor: Actor, elderId: string): Promise<ElderStatusHistory>
    }
  }
}
