import type { CounterDevice, CounterHeartbeat, CounterSnapshot, CounterSnapshotQuery, MealSync, MealSyncResult, SyncStatus, SyncStatusQuery } from '@eldercare/shared'
import { schema } from '@eldercare/db'
import { and, eq, inArray } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError, forbidden } from '../errors.js'
import { ageOn, shanghaiToday } from '../http/dates.js'
import { mapMealPrice } from '../meals/meal-prices.service.js'
import type { MealSyncBatch } from '../meals/meal-records.service.js'
import type { CounterDeviceRow } from './counter-devices.repository.js'
import { counterSnapshotRepository, type SnapshotElderRow } from './counter-snapshot.repository.js'

const { users, userFacilityScopes } = schema

/**
 * A change committed a moment after the snapshot was read can carry an earlier timestamp than the
 * version: elders changed this long before the version are sent again, so none is missed.
 */
const VERSION_OVERLAP_MICROS = 5n * 60n * 1_000_000n

export function mapSnapshotElder(row: SnapshotElderRow, today: string): CounterSnapshot['elders'][number] {
  return {
    id: row.id,
    name: row.name,
    nameInitials: row.nameInitials,
    idNumberTail: row.idNumberTail,
    gender: row.gender,
    cardNo: row.cardNo,
    birthYear: Number(row.birthDate.slice(0, 4)),
    age: ageOn(row.birthDate, today),
    status: row.status,
    deceasedOn: row.deceasedOn,
    categories: row.categories.map((c) => ({ category: c.category as CounterSnapshot['elders'][number]['categories'][number]['category'], startOn: c.startOn, endOn: c.endOn })),
    delegates: row.delegates,
  }
}

function mapDevice(row: CounterDeviceRow): CounterDevice {
  return {
    deviceId: row.deviceId,
    userName: row.userName,
    lastSeenAt: row.lastSeenAt.toISOString(),
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    outboxSize: row.outboxSize,
    oldestUnsyncedAt: row.oldestUnsyncedAt?.toISOString() ?? null,
    snapshotVersion: row.snapshotVersion,
  }
}

export default fp(
  async (fastify) => {
    const devices = fastify.counterDevicesRepository
    const snapshots = counterSnapshotRepository(fastify.db)

    /** A counter acts for one facility: the bureau for any, an operator for its own only (else 404). */
    async function counterFacility(actor: Actor, facilityId: string) {
      const facility = await fastify.facilitiesService.findInScope(actor, facilityId)
      if (scopeOf(actor).kind === 'towns') throw forbidden('town staff do not run counters')
      return facility
    }

    async function snapshot(actor: Actor, query: CounterSnapshotQuery): Promise<CounterSnapshot> {
      const facility = await counterFacility(actor, query.facilityId)
      const today = shanghaiToday()
      const takenAt = new Date().toISOString()
      const since = query.sinceVersion === undefined ? null : BigInt(query.sinceVersion) - VERSION_OVERLAP_MICROS
      const [facts, rules, settings, prices] = await Promise.all([
        snapshots.load({ tenantId: actor.tenantId, facilityId: facility.id, today, changedAfter: since === null ? null : String(since > 0n ? since : 0n) }),
        fastify.subsidyRulesService.list(actor),
        fastify.subsidyRulesService.settings(actor),
        fastify.mealPricesRepository.ofFacilities(actor.tenantId, [facility.id]),
      ])
      return {
        facility: { id: facility.id, name: facility.name, mealSlots: facility.mealSlots as CounterSnapshot['facility']['mealSlots'], mealModes: facility.mealModes as CounterSnapshot['facility']['mealModes'], openedOn: facility.openedOn, closedOn: facility.closedOn },
        version: facts.version,
        full: since === null,
        takenAt,
        today,
        elders: facts.elders.map((row) => mapSnapshotElder(row, today)),
        elderIds: facts.elderIds,
        subsidyRules: rules.items,
        mealSettings: settings,
        prices: prices.map(mapMealPrice),
        subsidisedToday: facts.subsidisedToday,
      }
    }

    /**
     * The users in whose name a device may send meals: users of this tenant who may record at the
     * facility (the bureau, or an operator whose scope names it). A device cannot make up a recorder:
     * any other id is refused per meal.
     */
    async function recorders(tenantId: string, facilityId: string, userIds: string[]): Promise<Map<string, string>> {
      const rows = await fastify.db
        .select({ id: users.id, username: users.username, role: users.role, scoped: userFacilityScopes.facilityId })
        .from(users)
        .leftJoin(userFacilityScopes, and(eq(userFacilityScopes.tenantId, users.tenantId), eq(userFacilityScopes.userId, users.id), eq(userFacilityScopes.facilityId, facilityId)))
        .where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds)))
      return new Map(
        rows
          .filter((row) => row.role === 'bureau_admin' || row.role === 'bureau_staff' || (row.role === 'canteen_operator' && row.scoped !== null))
          .map((row) => [row.id, row.username]),
      )
    }

    /**
     * One batch of a device's outbox. The meals are stored in the order of their device numbers,
     * each exactly once by its id, so a batch sent again after a lost answer, or again in part,
     * changes nothing already stored. The server recomputes every subsidy.
     */
    async function sync(actor: Actor, input: MealSync): Promise<MealSyncResult> {
      const facility = await counterFacility(actor, input.facilityId)
      const records = [...input.records].sort((a, b) => a.deviceSeq - b.deviceSeq)
      const allowed = await recorders(actor.tenantId, facility.id, [...new Set(records.map((record) => record.recordedBy))])
      const settings = await fastify.subsidyRulesService.settings(actor)
      const refused = new Map<string, AppError>()
      const batch: MealSyncBatch = { deviceId: input.deviceId, records: new Map(), maxAgeDays: settings.counterSnapshotMaxAgeDays }
      for (const record of records) {
        const recordedByName = allowed.get(record.recordedBy)
        if (record.facilityId !== facility.id) refused.set(record.id, new AppError('MEAL_SYNC_FACILITY_MISMATCH', 'the meal belongs to another facility than this sync'))
        else if (recordedByName === undefined) refused.set(record.id, new AppError('MEAL_RECORDER_NOT_ALLOWED', 'the recorder may not record meals at this facility'))
        else batch.records.set(record.id, { deviceSeq: record.deviceSeq, recordedBy: record.recordedBy, recordedByName, recordedAt: record.recordedAt })
      }
      const accepted = records.filter((record) => !refused.has(record.id))
      const outcomes = accepted.length > 0 ? await fastify.mealRecordsService.recordMany(actor, accepted.map(mealOf), batch) : []
      const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]))
      const results = records.map((record) => {
        const error = refused.get(record.id)
        if (error) return { id: record.id, deviceSeq: record.deviceSeq, status: 'error' as const, code: error.code, message: error.message }
        return { ...byId.get(record.id)!, deviceSeq: record.deviceSeq }
      })
      await devices.report(deviceReport(actor, input), true)
      return { results, syncedAt: new Date().toISOString() }
    }

    function deviceReport(actor: Actor, input: CounterHeartbeat) {
      return {
        tenantId: actor.tenantId,
        deviceId: input.deviceId,
        facilityId: input.facilityId,
        userId: actor.userId,
        userName: actor.username,
        outboxSize: input.outboxSize,
        oldestUnsyncedAt: input.oldestUnsyncedAt === null ? null : new Date(input.oldestUnsyncedAt),
        snapshotVersion: input.snapshotVersion,
      }
    }

    async function heartbeat(actor: Actor, input: CounterHeartbeat): Promise<CounterDevice> {
      await counterFacility(actor, input.facilityId)
      await devices.report(deviceReport(actor, input), false)
      const rows = await devices.ofFacilities(actor.tenantId, [input.facilityId])
      return mapDevice(rows.find((row) => row.deviceId === input.deviceId)!)
    }

    async function status(actor: Actor, query: SyncStatusQuery): Promise<SyncStatus> {
      const scope = scopeOf(actor)
      const townCodes = scope.kind === 'towns' ? scope.townCodes.filter((code) => !query.townCode || code === query.townCode) : query.townCode ? [query.townCode] : null
      const facilities = await devices.mealFacilities(actor.tenantId, { townCodes, ...(query.facilityId ? { facilityId: query.facilityId } : {}) })
      const rows = await devices.ofFacilities(actor.tenantId, facilities.map((facility) => facility.id))
      return {
        items: facilities.map((facility) => ({
          facilityId: facility.id,
          facilityName: facility.name,
          communityCode: facility.communityCode,
          devices: rows.filter((row) => row.facilityId === facility.id).map(mapDevice),
        })),
      }
    }

    fastify.decorate('countersService', { snapshot, sync, heartbeat, status })
  },
  { name: 'counters-service', dependencies: ['counter-devices-repository', 'meal-records-service', 'meal-prices-repository', 'subsidy-rules-service', 'facilities-service'] },
)

function mealOf(record: MealSync['records'][number]) {
  const { deviceSeq: _seq, recordedBy: _by, recordedAt: _at, ...meal } = record
  return meal
}

declare module 'fastify' {
  interface FastifyInstance {
    countersService: {
      snapshot(actor: Actor, query: CounterSnapshotQuery): Promise<CounterSnapshot>
      sync(actor: Actor, input: MealSync): Promise<MealSyncResult>
      heartbeat(actor: Actor, input: CounterHeartbeat): Promise<CounterDevice>
      status(actor: Actor, query: SyncStatusQuery): Promise<SyncStatus>
    }
  }
}
