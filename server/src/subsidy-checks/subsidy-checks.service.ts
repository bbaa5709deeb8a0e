import { uuidv7 } from '@eldercare/db'
import {
  afterDeath,
  afterMove,
  delegateHeavy,
  SUBSIDY_CHECK_KINDS,
  twoPlaces,
  type CheckAllowance,
  type CheckMeal,
  type FindingDraft,
  type ScanResult,
  type SubsidyCheckKind,
  type SubsidyFinding,
  type SubsidyFindingDetail,
  type SubsidyFindingPage,
  type SubsidyFindingQuery,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { AuditActor } from '../audit/audit.repository.js'
import type { Actor } from '../auth/actor.js'
import { scopeOf, townOfCommunity } from '../auth/scope.js'
import { AppError, notFound } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import type { FindingView, ItemFamily } from './subsidy-checks.repository.js'

/** Which findings share items: a death found by the checks and by an imported list is one death. */
const FAMILY: Partial<Record<SubsidyCheckKind, ItemFamily>> = { after_death: 'death', external_list: 'death', after_move: 'move' }

export function mapFinding(row: FindingView): SubsidyFinding {
  return {
    id: row.id,
    kind: row.kind,
    elderId: row.elderId,
    elderName: row.elderName,
    facilityId: row.facilityId,
    facilityName: row.facilityName,
    townCode: row.townCode,
    period: row.period,
    mealRecordIds: row.mealRecordIds,
    ledgerEntryIds: row.ledgerEntryIds,
    amountFen: row.amountFen,
    detectedAt: row.detectedAt.toISOString(),
    status: row.status,
    reason: row.reason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    recovery: row.recovery,
    evidence: row.evidence,
  }
}

/** Routes that can change an elder's status: one elder's (by `:id`), or a whole import. */
const STATUS_CHANGES = new Map([
  ['POST /api/v1/elders/:id/status-history', 'elder'],
  ['PATCH /api/v1/elders/:id', 'elder'],
  ['POST /api/v1/elders/import', 'import'],
])

/** What a scan looks at: see `scan`. */
export interface ScanOptions {
  elderIds?: string[]
  statusOnly?: boolean
  asOf?: Date
}

/** Who a check acts as when nobody asked for it (the nightly run). */
export const systemActor = (tenantId: string): AuditActor => ({ tenantId, userId: null, username: null, ip: null })

/**
 * The subsidy checks (防骗补): a scan reads dated rows, the pure checks in `shared` find, and each
 * finding is stored once by its key. Review: town staff see and dismiss their towns' findings, the
 * bureau confirms; confirming recovers (see subsidy-recovery.service.ts).
 */
export default fp(
  async (fastify) => {
    const repository = fastify.subsidyChecksRepository
    const audit = fastify.auditRepository

    /** Stores drafts not raised before; an item another finding took meanwhile is left to that one. */
    async function raise(actor: AuditActor, drafts: FindingDraft[], amounts: Map<string, number>, detectedAt?: Date): Promise<FindingDraft[]> {
      const towns = await repository.townsOf(actor.tenantId, [...new Set(drafts.flatMap((d) => (d.elderId ? [d.elderId] : [])))], [...new Set(drafts.flatMap((d) => (d.facilityId ? [d.facilityId] : [])))])
      const raised: FindingDraft[] = []
      for (const draft of drafts) {
        const community = (draft.elderId && towns.elders.get(draft.elderId)) || (draft.facilityId && towns.facilities.get(draft.facilityId)) || null
        const stored = await fastify.db.transaction(async (tx) => {
          const id = uuidv7()
          const inserted = await repository.insertFinding(
            {
              tenantId: actor.tenantId,
              id,
              kind: draft.kind,
              key: draft.key,
              elderId: draft.elderId,
              facilityId: draft.facilityId,
              townCode: community ? townOfCommunity(community) : null,
              period: draft.period,
              mealRecordIds: draft.mealRecordIds,
              ledgerEntryIds: draft.ledgerEntryIds,
              amountFen: draft.amountFen,
              evidence: draft.evidence,
              ...(detectedAt ? { detectedAt } : {}),
            },
            tx,
          )
          if (!inserted) return null
          const family = FAMILY[draft.kind]
          let finding = draft
          if (family) {
            const items = [...draft.mealRecordIds, ...draft.ledgerEntryIds]
            const claimed = await repository.claimItems(actor.tenantId, family, id, items, tx)
            if (items.length > 0 && claimed.size === 0) {
              await repository.deleteFinding(actor.tenantId, id, tx)
              return null
            }
            if (claimed.size < items.length) {
              const mealRecordIds = draft.mealRecordIds.filter((item) => claimed.has(item))
              const ledgerEntryIds = draft.ledgerEntryIds.filter((item) => claimed.has(item))
              const amountFen = [...mealRecordIds, ...ledgerEntryIds].reduce((total, item) => total + (amounts.get(item) ?? 0), 0)
              finding = { ...draft, mealRecordIds, ledgerEntryIds, amountFen }
              await repository.updateFinding(actor.tenantId, id, { mealRecordIds, ledgerEntryIds, amountFen }, tx)
            }
          }
          await audit.record(actor, { action: 'subsidy_check.raise', entityType: 'subsidy_finding', entityId: id, changes: { kind: { to: draft.kind }, amountFen: { to: finding.amountFen } } }, tx)
          return finding
        })
        if (stored) raised.push(stored)
      }
      return raised
    }

    const unclaimed = async <T extends { id: string }>(tenantId: string, family: ItemFamily, rows: T[]) => {
      const claimed = await repository.claimedItems(tenantId, family, rows.map((row) => row.id))
      return rows.filter((row) => !claimed.has(row.id))
    }

    const amountsOf = (meals: CheckMeal[], allowances: CheckAllowance[]) => new Map([...meals.map((m) => [m.id, m.subsidyFen] as const), ...allowances.map((a) => [a.id, a.amountFen] as const)])

    /**
     * Runs the checks. With `elderIds` (after a status change) only the status checks of those elders
     * run, with `statusOnly` (after a roster import) the status checks of everyone; otherwise all of
     * them. A full scan's `two_places` and `delegate_heavy` look at what was stored since the last full
     * scan (elder-days and months with a new or voided meal), and at everything again after a change of
     * the settings, a facility or a region. `asOf` scans as at a past moment (the demo's last month):
     * nothing served or recorded after it counts, the findings are dated then, and it looks at everything.
     */
    async function scan(actor: AuditActor, options: ScanOptions = {}): Promise<ScanResult> {
      const tenantId = actor.tenantId
      const { asOf } = options
      const full = !options.elderIds && !options.statusOnly
      const startedAt = full && !asOf ? await repository.databaseNow() : null
      const since = startedAt ? await repository.incrementalSince(tenantId) : undefined
      const settings = await repository.settings(tenantId)
      const [histories, meals, allowances] = await Promise.all([
        repository.histories(tenantId, options.elderIds),
        repository.mealsSinceNotActive(tenantId, options.elderIds, asOf),
        repository.allowancesSinceNotActive(tenantId, options.elderIds, asOf),
      ])
      const amounts = amountsOf(meals, allowances)
      const drafts = [
        ...afterDeath(histories, await unclaimed(tenantId, 'death', meals), await unclaimed(tenantId, 'death', allowances)),
        ...afterMove(histories, await unclaimed(tenantId, 'move', meals)),
      ]
      if (full) {
        const multiPlace = await repository.mealsOfMultiPlaceDays(tenantId, { since, asOf })
        const points = await repository.facilityPoints(tenantId, [...new Set(multiPlace.map((meal) => meal.facilityId))])
        drafts.push(...twoPlaces(multiPlace, new Map(points.map((point) => [point.id, point])), settings))
        const months = since ? await repository.monthsTouchedSince(tenantId, since) : undefined
        drafts.push(...delegateHeavy(await repository.delegateCounts(tenantId, shanghaiToday(asOf).slice(0, 7), months), settings))
      }
      const raised = await raise(actor, drafts, amounts, asOf)
      if (startedAt) await repository.recordScan(tenantId, startedAt)
      return summarise(raised)
    }

    /**
     * After an imported list set elders' dates of death: one `external_list` finding per elder with the
     * meals and allowances on or after that date not already found, then the status checks.
     */
    async function raiseExternalList(actor: AuditActor, elderIds: string[], list: { id: string; fileName: string }): Promise<number> {
      if (elderIds.length === 0) return 0
      const [histories, meals, allowances] = await Promise.all([
        repository.histories(actor.tenantId, elderIds),
        repository.mealsSinceNotActive(actor.tenantId, elderIds),
        repository.allowancesSinceNotActive(actor.tenantId, elderIds),
      ])
      const found = afterDeath(histories, await unclaimed(actor.tenantId, 'death', meals), await unclaimed(actor.tenantId, 'death', allowances))
      const drafts: FindingDraft[] = []
      for (const elderId of elderIds) {
        const mine = found.filter((draft) => draft.elderId === elderId)
        const deceasedOn = histories.get(elderId)?.at(-1)?.effectiveFrom ?? ''
        drafts.push({
          kind: 'external_list',
          key: `external_list:${elderId}:${deceasedOn}`,
          elderId,
          facilityId: mine.find((draft) => draft.facilityId)?.facilityId ?? null,
          period: deceasedOn,
          mealRecordIds: mine.flatMap((draft) => draft.mealRecordIds),
          ledgerEntryIds: mine.flatMap((draft) => draft.ledgerEntryIds),
          amountFen: mine.reduce((total, draft) => total + draft.amountFen, 0),
          evidence: { deceasedOn, externalListId: list.id, fileName: list.fileName },
        })
      }
      return (await raise(actor, drafts, amountsOf(meals, allowances))).length
    }

    function summarise(raised: FindingDraft[]): ScanResult {
      return {
        raised: raised.length,
        byKind: SUBSIDY_CHECK_KINDS.map((kind) => ({ kind, raised: raised.filter((draft) => draft.kind === kind).length })).filter((row) => row.raised > 0),
      }
    }

    /** Bureau roles see the district; town staff their towns. */
    function townScope(actor: Actor): string[] | undefined {
      const scope = scopeOf(actor)
      if (scope.kind === 'tenant') return undefined
      if (scope.kind === 'towns') return scope.townCodes
      throw new AppError('FORBIDDEN', 'findings are reviewed by town and bureau staff')
    }

    async function list(actor: Actor, query: SubsidyFindingQuery): Promise<SubsidyFindingPage> {
      const { page = 1, pageSize = 20, townCode, ...filter } = query
      const scoped = townScope(actor)
      const townCodes = townCode ? (scoped && !scoped.includes(townCode) ? [] : [townCode]) : scoped
      const { rows, total, countsByKind } = await repository.list(actor.tenantId, { ...filter, ...(townCodes ? { townCodes } : {}) }, page, pageSize)
      return { items: rows.map(mapFinding), total, countsByKind }
    }

    /** A finding the actor may review, or 404. */
    async function load(actor: Actor, id: string): Promise<FindingView> {
      const scoped = townScope(actor)
      const row = await repository.find(actor.tenantId, id)
      if (!row || (scoped && (!row.townCode || !scoped.includes(row.townCode)))) throw notFound('finding')
      return row
    }

    async function detail(actor: Actor, id: string): Promise<SubsidyFindingDetail> {
      const row = await load(actor, id)
      const firstPlace = Array.isArray(row.evidence.firstMealRecordIds) ? (row.evidence.firstMealRecordIds as string[]) : []
      const recovered = new Set(row.mealRecordIds)
      const [history, meals, ledgerLines] = await Promise.all([
        row.elderId ? fastify.elderStatusRepository.history(actor.tenantId, row.elderId) : [],
        repository.mealsByIds(actor.tenantId, [...firstPlace, ...row.mealRecordIds]),
        repository.ledgerLines(actor.tenantId, id, row.ledgerEntryIds),
      ])
      return {
        finding: mapFinding(row),
        statusHistory: history.map((entry) => ({ status: entry.status, effectiveFrom: entry.effectiveFrom, institutionName: entry.institutionName, source: entry.source })),
        meals: meals.map((meal) => ({
          id: meal.id,
          facilityId: meal.facilityId,
          facilityName: meal.facilityName,
          servedOn: meal.servedOn,
          slot: meal.slot,
          subsidyFen: meal.subsidyFen,
          recordedAt: meal.recordedAt.toISOString(),
          voided: meal.voidedAt !== null,
          recovered: recovered.has(meal.id),
        })),
        ledgerLines: ledgerLines.map((line) => ({ ...line, createdAt: line.createdAt.toISOString() })),
      }
    }

    /** Dismissing records the decision and its reason; nothing else changes. `at` dates a decision taken before now. */
    async function dismiss(actor: Actor, id: string, reason: string, at?: Date): Promise<SubsidyFinding> {
      await load(actor, id)
      await fastify.db.transaction(async (tx) => {
        if (!(await repository.decide(actor.tenantId, id, { status: 'dismissed', reason, decidedBy: actor.userId }, tx, at))) throw new AppError('SUBSIDY_FINDING_DECIDED', 'the finding was already decided')
        await audit.record(actor, { action: 'subsidy_check.dismiss', entityType: 'subsidy_finding', entityId: id, changes: { status: { from: 'open', to: 'dismissed' }, reason: { to: reason } } }, tx)
      })
      return mapFinding((await repository.find(actor.tenantId, id))!)
    }

    // A status dated back (a death recorded late, a move) finds at once what was paid since: the
    // status checks run once the change is committed, before the answer leaves.
    fastify.addHook('onSend', async (request, reply) => {
      const change = STATUS_CHANGES.get(`${request.method} ${request.routeOptions.url}`)
      if (!change || reply.statusCode >= 300 || !request.actor) return
      const elderId = change === 'elder' ? (request.params as { id?: string }).id : undefined
      try {
        await scan(request.actor, elderId ? { elderIds: [elderId] } : { statusOnly: true })
      } catch (error) {
        request.log.warn({ code: (error as { code?: unknown }).code }, 'subsidy checks after a status change failed; the nightly run catches up')
      }
    })

    fastify.decorate('subsidyChecksService', { scan, raiseExternalList, list, load, detail, dismiss })
  },
  { name: 'subsidy-checks-service', dependencies: ['subsidy-checks-repository', 'elder-status-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    subsidyChecksService: {
      scan(actor: AuditActor, options?: ScanOptions): Promise<ScanResult>
      raiseExternalList(actor: AuditActor, elderIds: string[], list: { id: string; fileName: string }): Promise<number>
      list(actor: Actor, query: SubsidyFindingQuery): Promise<SubsidyFindingPage>
      load(actor: Actor, id: string): Promise<FindingView>
      detail(actor: Actor, id: string): Promise<SubsidyFindingDetail>
      dismiss(actor: Actor, id: string, reason: string, at?: Date): Promise<SubsidyFinding>
    }
  }
}
