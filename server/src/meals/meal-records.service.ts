import { createHash } from 'node:crypto'
import { type Executor } from '@eldercare/db'
import type { MealBatchResult, MealRecord, MealRecordCreate, MealRecordListItem, MealRecordListQuery, MealDaySummary } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError, notFound } from '../errors.js'
import { addDays, ageOn, shanghaiToday } from '../http/dates.js'
import { retryOnConflict } from '../http/postgres-errors.js'
import { mapMealRecord } from './meal-records.mapper.js'
import type { MealRecordInsert, MealRecordRow } from './meal-record-row.js'
import { DEFAULT_MEAL_SETTINGS } from './meals.repository.js'
import { mealGroupInsert } from './meal-group-insert.js'
import { recordingContextRepository, type ElderForMeal, type FacilityForMeal } from './recording-context.repository.js'
import { mealSubsidyFor, type SubsidyRuleTerms } from '@eldercare/shared'

type Outcome = MealBatchResult['results'][number]

/** The same request content always hashes the same, whatever the key order or omitted defaults. */
export function mealContentHash(input: MealRecordCreate): string {
  const canonical = [
    input.id,
    input.elderId,
    input.facilityId,
    input.servedOn,
    input.slot,
    input.mode,
    input.priceFen,
    input.paymentMethod,
    input.subsidised ?? true,
    input.collectedByDelegateId ?? null,
  ]
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url')
}

/**
 * Meals arriving from a counter's outbox: recorded earlier on the device, possibly by another user than
 * the one whose session sends them (checked by the sync service before they get here).
 */
export interface MealSyncBatch {
  deviceId: string
  /** The outbox entries by meal id: who recorded each meal on the device, when, and its number there. */
  records: Map<string, { deviceSeq: number; recordedBy: string; recordedByName: string; recordedAt: string }>
  /** The tenant's snapshot age limit: an outbox entry older than this is too late to sync. */
  maxAgeDays: number
}

/** A device clock a little ahead of the server's is tolerated; more is a meal from the future. */
const DEVICE_CLOCK_SKEW_MS = 5 * 60_000

/** Everything a batch needs, read once before any record is checked. */
interface RecordingContext {
  actor: Actor
  today: string
  cap: number
  oldestDay: string
  rules: SubsidyRuleTerms[]
  facilities: Map<string, FacilityForMeal>
  elders: Map<string, ElderForMeal>
  existing: Map<string, MealRecordRow>
  lockedMonths: Set<string>
  /** Communities whose elders the actor may record for; null = all. */
  communities: Set<string> | null
  sync: MealSyncBatch | null
  backDatingDays: number
}

/**
 * A meal from an outbox was entered in time if it was entered on the device within the window: the
 * back-dating limit counts from the day the device recorded it, not the day the link came back.
 */
function syncRefusal(input: MealRecordCreate, ctx: RecordingContext): AppError | null {
  const entry = ctx.sync?.records.get(input.id)
  if (!entry) return null
  const recordedAt = Date.parse(entry.recordedAt)
  if (recordedAt > Date.now() + DEVICE_CLOCK_SKEW_MS) return new AppError('MEAL_RECORDED_IN_FUTURE', 'the device says the meal was recorded in the future: check its clock')
  if (recordedAt < Date.now() - ctx.sync!.maxAgeDays * 86_400_000) {
    return new AppError('MEAL_SYNC_TOO_LATE', `the meal waited on the device longer than ${ctx.sync!.maxAgeDays} days`)
  }
  const recordedOn = shanghaiToday(new Date(recordedAt))
  if (input.servedOn > recordedOn) return new AppError('MEAL_DATE_IN_FUTURE', 'meals cannot be recorded for a future date')
  if (input.servedOn < addDays(recordedOn, -ctx.backDatingDays)) {
    return new AppError('MEAL_DATE_TOO_OLD', `meals older than ${addDays(recordedOn, -ctx.backDatingDays)} could no longer be recorded`)
  }
  return null
}

/** The refusal for a meal that breaks a rule, or null when it may be recorded. */
function refusal(input: MealRecordCreate, ctx: RecordingContext): AppError | null {
  const facility = ctx.facilities.get(input.facilityId)
  const scope = scopeOf(ctx.actor)
  if (!facility || (scope.kind === 'facilities' && !scope.facilityIds.includes(facility.id))) {
    return new AppError('MEAL_FACILITY_NOT_FOUND', 'facility not found')
  }
  if (input.servedOn > ctx.today) return new AppError('MEAL_DATE_IN_FUTURE', 'meals cannot be recorded for a future date')
  const synced = syncRefusal(input, ctx)
  if (synced) return synced
  if (input.servedOn < ctx.oldestDay && !ctx.sync?.records.has(input.id)) return new AppError('MEAL_DATE_TOO_OLD', `meals older than ${ctx.oldestDay} can no longer be recorded`)
  if (facility.openedOn > input.servedOn || (facility.closedOn !== null && facility.closedOn <= input.servedOn)) {
    return new AppError('MEAL_FACILITY_CLOSED', 'the facility was not open on that date')
  }
  if (!facility.mealSlots.includes(input.slot)) return new AppError('MEAL_SLOT_NOT_SERVED', `the facility does not serve ${input.slot}`)
  if (!facility.mealModes.includes(input.mode)) return new AppError('MEAL_MODE_NOT_SERVED', `the facility does not offer ${input.mode}`)
  if (ctx.lockedMonths.has(`${facility.id}:${input.servedOn.slice(0, 7)}`)) {
    return new AppError('MEAL_LOCKED', 'the month is settled: its meals can no longer change')
  }
  const elder = ctx.elders.get(input.elderId)
  if (!elder || (ctx.communities !== null && !ctx.communities.has(elder.communityCode))) return new AppError('MEAL_ELDER_NOT_FOUND', 'elder not found')
  if (elder.status === 'deceased' && elder.deceasedOn !== null && elder.deceasedOn < input.servedOn) {
    return new AppError('MEAL_ELDER_DECEASED', 'the elder died before that date')
  }
  if (elder.status === 'moved_away' || elder.status === 'in_institution') {
    return new AppError('MEAL_ELDER_INACTIVE', `the elder is no longer active on the roster (${elder.status})`)
  }
  if (input.collectedByDelegateId && !elder.delegateIds.includes(input.collectedByDelegateId)) {
    return new AppError('MEAL_DELEGATE_UNKNOWN', 'this person is not a pick-up delegate of the elder')
  }
  return null
}

/**
 * 'free' says the elder paid nothing, so it fits only a meal that leaves nothing to pay. Otherwise the
 * month's self-pay would count money under a method that collected none.
 */
function paymentRefusal(row: MealRecordInsert): AppError | null {
  if (row.paymentMethod === 'free' && row.selfPayFen > 0) {
    return new AppError('MEAL_FREE_WITH_SELF_PAY', `this meal leaves ${row.selfPayFen} fen to pay: it cannot be recorded as free`)
  }
  return null
}

function toRow(input: MealRecordCreate, ctx: RecordingContext): MealRecordInsert {
  const elder = ctx.elders.get(input.elderId)!
  const subsidy = mealSubsidyFor({ age: ageOn(elder.birthDate, input.servedOn), categories: elder.categories }, input, ctx.rules)
  const subsidised = subsidy.subsidyFen > 0
  const entry = ctx.sync?.records.get(input.id)
  return {
    tenantId: ctx.actor.tenantId,
    id: input.id,
    elderId: input.elderId,
    facilityId: input.facilityId,
    servedOn: input.servedOn,
    slot: input.slot,
    mode: input.mode,
    priceFen: input.priceFen,
    subsidyFen: subsidy.subsidyFen,
    selfPayFen: subsidy.selfPayFen,
    paymentMethod: input.paymentMethod,
    subsidised,
    subsidySeq: subsidised ? 1 : null,
    subsidyRuleIds: subsidy.ruleIds,
    collectedByDelegateId: input.collectedByDelegateId ?? null,
    contentHash: mealContentHash(input),
    recordedBy: entry?.recordedBy ?? ctx.actor.userId,
    recordedByName: entry?.recordedByName ?? ctx.actor.username,
    ...(entry
      ? {
          recordedAt: new Date(entry.recordedAt),
          syncedBy: ctx.actor.userId,
          deviceId: ctx.sync!.deviceId,
          deviceSeq: entry.deviceSeq,
        }
      : {}),
  }
}

/**
 * The meal as stored when the device gave a subsidy the server cannot: the elder's subsidised meals of
 * the slot were taken first elsewhere. It is kept, unsubsidised, with what the counter must collect
 * (需补收). A card pays the whole price itself, so nothing is left to collect; a meal marked free is
 * now paid in cash.
 */
function unsubsidisedAfterConflict(row: MealRecordInsert): MealRecordInsert {
  const due = row.paymentMethod === 'care_card' ? 0 : row.subsidyFen
  return {
    ...row,
    subsidised: false,
    subsidySeq: null,
    subsidyFen: 0,
    selfPayFen: row.priceFen,
    subsidyRuleIds: [],
    paymentMethod: row.paymentMethod === 'free' ? 'cash' : row.paymentMethod,
    selfPayDueFen: due > 0 ? due : null,
  }
}

export default fp(
  async (fastify) => {
    const meals = fastify.mealsRepository
    const recordingFacts = recordingContextRepository(fastify.db)
    const groupInsert = mealGroupInsert((rows, exec) => meals.insertNew(rows, exec), fastify.db)

    /** One statement for the facts, and a second only when some of the meals are retries. */
    async function context(actor: Actor, inputs: MealRecordCreate[], sync: MealSyncBatch | null): Promise<RecordingContext> {
      const today = shanghaiToday()
      const scope = scopeOf(actor)
      const facts = await recordingFacts.load({
        tenantId: actor.tenantId,
        mealIds: inputs.map((input) => input.id),
        elderIds: [...new Set(inputs.map((input) => input.elderId))],
        facilityIds: [...new Set(inputs.map((input) => input.facilityId))],
        scopeFacilityIds: scope.kind === 'facilities' ? scope.facilityIds : null,
        today,
      })
      const settings = facts.settings ?? DEFAULT_MEAL_SETTINGS
      // The facts may have been read together with other requests': only this request's meals count.
      const ownIds = new Set(inputs.map((input) => input.id))
      const existingIds = facts.existingIds.filter((id) => ownIds.has(id))
      return {
        actor,
        today,
        cap: settings.subsidisedMealsPerSlot,
        oldestDay: addDays(today, -settings.backDatingDays),
        rules: facts.rules,
        facilities: new Map(facts.facilities.map((row) => [row.id, row])),
        elders: new Map(facts.elders.map((row) => [row.id, row])),
        existing: existingIds.length > 0 ? await meals.findByIds(actor.tenantId, existingIds) : new Map(),
        lockedMonths: new Set(facts.lockedMonths),
        communities: facts.communities === null ? null : new Set(facts.communities),
        sync,
        backDatingDays: settings.backDatingDays,
      }
    }

    function asDuplicate(existing: MealRecordRow, input: MealRecordCreate, ctx: RecordingContext): Outcome {
      if (existing.contentHash !== mealContentHash(input)) {
        return { id: input.id, status: 'error', code: 'MEAL_ID_CONFLICT', message: 'this id was already used for a different meal' }
      }
      return { id: input.id, status: 'duplicate', record: mapMealRecord(existing, ctx.elders.get(existing.elderId)?.name ?? '') }
    }

    /**
     * Records meals exactly once each. Rows are inserted together; a row that conflicts is looked at
     * alone: the same id already stored is a duplicate (or a 409 when its content differs), otherwise
     * the elder's subsidised meals for the slot are taken and the next free number up to the cap is tried.
     */
    async function recordMany(actor: Actor, inputs: MealRecordCreate[], sync: MealSyncBatch | null = null): Promise<Outcome[]> {
      // No transaction is needed: every write below is one INSERT statement, atomic on its own, and a
      // conflicting row is skipped by the database rather than aborting anything.
      const db = fastify.db
      const ctx = await context(actor, inputs, sync)
      {
        const outcomes = new Map<string, Outcome>()
        const pending: MealRecordInsert[] = []
        const paidByCard: MealRecordInsert[] = []
        // A second subsidised meal of one elder and slot in the batch waits for the first: the meals are
        // stored in the order they came (an outbox's order), so the earlier one gets the subsidy.
        const subsidisedSlots = new Set<string>()
        const later: MealRecordInsert[] = []
        const firstInBatch = new Map<string, MealRecordCreate>()
        for (const input of inputs) {
          const earlier = firstInBatch.get(input.id)
          if (earlier) continue
          firstInBatch.set(input.id, input)
          const existing = ctx.existing.get(input.id)
          if (existing) {
            outcomes.set(input.id, asDuplicate(existing, input, ctx))
            continue
          }
          const refuse = (error: AppError) => outcomes.set(input.id, { id: input.id, status: 'error', code: error.code, message: error.message })
          const refused = refusal(input, ctx)
          if (refused) {
            refuse(refused)
            continue
          }
          const row = toRow(input, ctx)
          const unpaid = paymentRefusal(row)
          if (unpaid) refuse(unpaid)
          else if (row.paymentMethod === 'care_card') paidByCard.push(row)
          else if (!row.subsidised) pending.push(row)
          else {
            const slotKey = `${row.elderId}|${row.servedOn}|${row.slot}`
            if (subsidisedSlots.has(slotKey)) later.push(row)
            else {
              subsidisedSlots.add(slotKey)
              pending.push(row)
            }
          }
        }
        // Card-paid meals move money: each one is recorded with its payment in a transaction of its own.
        for (const row of paidByCard) outcomes.set(row.id, await recordPaidByCard(row, firstInBatch.get(row.id)!, ctx))
        const inserted = await Promise.all(pending.map((row) => groupInsert(row)))
        for (const [index, row] of pending.entries()) {
          const stored = inserted[index]
          if (stored) {
            outcomes.set(row.id, { id: row.id, status: 'created', record: mapMealRecord(stored, ctx.elders.get(row.elderId)!.name) })
            continue
          }
          outcomes.set(row.id, await retryAlone(row, firstInBatch.get(row.id)!, ctx, db))
        }
        for (const row of later) outcomes.set(row.id, await retryAlone(row, firstInBatch.get(row.id)!, ctx, db, true))
        return inputs.map((input) => {
          const outcome = outcomes.get(input.id)!
          const first = firstInBatch.get(input.id)!
          if (first === input) return outcome
          return mealContentHash(first) === mealContentHash(input)
            ? { ...outcome, status: outcome.status === 'created' ? ('duplicate' as const) : outcome.status }
            : { id: input.id, status: 'error' as const, code: 'MEAL_ID_CONFLICT', message: 'this id was already used for a different meal' }
        })
      }
    }

    /** A card-paid meal and its debit land together or not at all; a refused payment records nothing. */
    async function recordPaidByCard(row: MealRecordInsert, input: MealRecordCreate, ctx: RecordingContext): Promise<Outcome> {
      try {
        return await retryOnConflict(() =>
          fastify.db.transaction(async (tx) => {
            const outcome = await retryAlone(row, input, ctx, tx, true)
            if (outcome.status === 'created') {
              await fastify.careCardsService.payMeal(tx, { tenantId: ctx.actor.tenantId, id: row.id, elderId: row.elderId, facilityId: row.facilityId, selfPayFen: row.selfPayFen, recordedBy: ctx.actor.userId, servedOn: row.servedOn, slot: row.slot, mode: row.mode })
            }
            return outcome
          }),
        )
      } catch (error) {
        if (error instanceof AppError) return { id: row.id, status: 'error', code: error.code, message: error.message }
        throw error
      }
    }

    /** Inserts one meal on its own, trying the next free subsidised number up to the cap. */
    async function retryAlone(row: MealRecordInsert, input: MealRecordCreate, ctx: RecordingContext, tx: Executor, firstTry = false): Promise<Outcome> {
      if (!row.subsidised) {
        const stored = (await meals.insertNew([row], tx)).get(row.id)
        if (stored) return { id: row.id, status: 'created', record: mapMealRecord(stored, ctx.elders.get(row.elderId)!.name) }
      }
      for (let seq = 1; row.subsidised && seq <= ctx.cap; seq++) {
        const existing = (await meals.findByIds(ctx.actor.tenantId, [row.id], tx)).get(row.id)
        if (existing) return asDuplicate(existing, input, ctx)
        if (seq === 1 && row.subsidySeq === 1 && !firstTry) continue
        const stored = (await meals.insertNew([{ ...row, subsidySeq: seq }], tx)).get(row.id)
        if (stored) return { id: row.id, status: 'created', record: mapMealRecord(stored, ctx.elders.get(row.elderId)!.name) }
      }
      const existing = (await meals.findByIds(ctx.actor.tenantId, [row.id], tx)).get(row.id)
      if (existing) return asDuplicate(existing, input, ctx)
      if (ctx.sync?.records.has(row.id)) {
        // Recorded offline, the meal was served: it is stored either way, never dropped.
        const stored = (await meals.insertNew([unsubsidisedAfterConflict(row)], tx)).get(row.id)
        if (stored) return { id: row.id, status: 'created', record: mapMealRecord(stored, ctx.elders.get(row.elderId)!.name) }
        const raced = (await meals.findByIds(ctx.actor.tenantId, [row.id], tx)).get(row.id)
        if (raced) return asDuplicate(raced, input, ctx)
      }
      return {
        id: row.id,
        status: 'error',
        code: 'MEAL_ALREADY_SUBSIDISED',
        message: 'the elder already had the subsidised meals of this slot today; record it as unsubsidised',
      }
    }

    /** One meal: the batch path with one record, answered as a single result or its error. */
    async function record(actor: Actor, input: MealRecordCreate): Promise<{ created: boolean; record: MealRecord }> {
      const [outcome] = await recordMany(actor, [input])
      if (outcome!.status === 'error') throw new AppError(outcome!.code as never, outcome!.message!)
      return { created: outcome!.status === 'created', record: outcome!.record! }
    }

    async function list(actor: Actor, query: MealRecordListQuery) {
      const { page = 1, pageSize = 50 } = query
      const scope = scopeOf(actor)
      const { rows, total } = await meals.list(
        actor.tenantId,
        {
          facilityId: query.facilityId,
          elderId: query.elderId,
          from: query.from,
          to: query.to,
          slot: query.slot,
          includeVoided: query.includeVoided,
          ...(scope.kind === 'facilities' ? { scopeFacilityIds: scope.facilityIds } : {}),
        },
        page,
        pageSize,
      )
      return { items: rows.map((row) => ({ ...mapMealRecord(row, row.elderName), facilityName: row.facilityName, recordedByName: row.recorderName })), total }
    }

    /** Voiding keeps the record and says why; the elder's subsidised slot becomes free again. */
    async function voidRecord(actor: Actor, id: string, reason: string): Promise<MealRecord> {
      const voided = await fastify.db.transaction(async (tx) => {
        const record = (await meals.findByIds(actor.tenantId, [id], tx)).get(id)
        const scope = scopeOf(actor)
        if (!record || (scope.kind === 'facilities' && !scope.facilityIds.includes(record.facilityId))) throw notFound('meal record')
        if (record.voidedAt) throw new AppError('MEAL_ALREADY_VOIDED', 'the meal is already voided')
        const locked = await meals.lockedMonths(actor.tenantId, [record.facilityId], tx)
        if (locked.has(`${record.facilityId}:${record.servedOn.slice(0, 7)}`)) {
          throw new AppError('MEAL_LOCKED', 'the month is settled: its meals can no longer change')
        }
        const voided = await meals.voidRecord(actor.tenantId, id, reason, actor.userId, tx)
        if (!voided) throw new AppError('MEAL_ALREADY_VOIDED', 'the meal is already voided')
        if (record.paymentMethod === 'care_card') await fastify.careCardsService.refundMeal(tx, actor, record)
        await fastify.auditRepository.record(
          actor,
          { action: 'meal.void', entityType: 'meal_record', entityId: id, changes: { voidReason: { to: reason }, subsidyFen: { from: record.subsidyFen } } },
          tx,
        )
        return voided
      })
      return mapMealRecord(voided, await meals.elderName(actor.tenantId, voided.elderId))
    }

    async function daySummary(actor: Actor, facilityId: string, servedOn = shanghaiToday()): Promise<MealDaySummary> {
      await fastify.facilitiesService.findInScope(actor, facilityId)
      return { facilityId, servedOn, rows: await meals.daySummary(actor.tenantId, facilityId, servedOn) }
    }

    fastify.decorate('mealRecordsService', { record, recordMany, list, voidRecord, daySummary })
  },
  { name: 'meal-records-service', dependencies: ['meals-repository', 'audit-repository', 'care-cards-service'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    mealRecordsService: {
      record(actor: Actor, input: MealRecordCreate): Promise<{ created: boolean; record: MealRecord }>
      recordMany(actor: Actor, inputs: MealRecordCreate[], sync?: MealSyncBatch | null): Promise<MealBatchResult['results']>
      list(actor: Actor, query: MealRecordListQuery): Promise<{ items: MealRecordListItem[]; total: number }>
      voidRecord(actor: Actor, id: string, reason: string): Promise<MealRecord>
      daySummary(actor: Actor, facilityId: string, servedOn?: string): Promise<MealDaySummary>
    }
  }
}
