import { nextBatch, type MealRecord, type MealRecordCreate, type MealSync, type MealSyncRecord, type MealSyncResult } from '@eldercare/shared'
import { onScopeDispose, reactive, ref } from 'vue'
import { ApiError, type ApiErrorCode } from '../../api/api-error'
import { syncMeals } from '../../api/counters'
import { recordMeal, voidMealRecord } from '../../api/meals'
import { errorMessage } from '../../utils/feedback'
import { addToOutbox, counterDb, deviceId, type StoredOutboxMeal } from './offline/counter-db'
import { carryOverLegacyQueue } from './offline/legacy-queue'

/** Meals per sync request: small enough to get through a slow island link, large enough to drain a day quickly. */
export const SYNC_BATCH_SIZE = 100

/**
 * saving: first attempt in flight; retrying: the network or server failed, the same id is sent again
 * later; saved / voided: as the server holds it; refused: the server said no, the operator decides.
 */
export type EntryState = 'saving' | 'retrying' | 'saved' | 'refused' | 'voided'

export interface MealEntry {
  /** The record's id, made here before the first attempt. */
  id: string
  state: EntryState
  elderName: string
  /** What was sent, as the outbox keeps it; null for records loaded from the server. */
  request: MealSyncRecord | null
  /** The server's record once it answered. */
  record: MealRecord | null
  error: { code: ApiErrorCode; message: string } | null
  attempts: number
  voiding: boolean
  /** When the operator recorded it, or the server's time for loaded records; the list is sorted by it. */
  at: string
  /** The subsidy the device computed, shown until the server's answer. */
  deviceSubsidyFen: number | null
}

/** What an entry shows, whichever of request and record it has. */
export function entryMeal(entry: MealEntry): Omit<MealRecordCreate, 'id' | 'elderId'> {
  return entry.record ?? entry.request!
}

const MAX_RETRY_DELAY = 30_000

/** 1 s, 2 s, 4 s … up to 30 s between attempts: the counter may be offline for a while. */
export function retryDelay(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY)
}

/**
 * Failures where the meal may or may not have been stored, or the server could not decide: the same
 * id goes again. A 401 left after the client's own refresh means the session ended; the meal stays
 * queued and goes once someone signs in again.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500 || error.code === 'NETWORK_ERROR'
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/**
 * A random UUID for a new meal. `crypto.randomUUID` exists only in secure contexts, and a canteen
 * tablet may reach the server over plain http on the local network; getRandomValues works there too.
 */
export function newMealId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = toHex(bytes)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export interface MealQueueOptions {
  /** The signed-in user: meals are recorded, and later sent, in this user's name. */
  userId: () => string | null
  /** What the device reports of itself with each sync. */
  snapshotVersion?: () => string | null
  /** Called after a meal was saved or voided, e.g. to refresh the day's totals. */
  onChange?: () => void
  save?: (request: MealRecordCreate) => Promise<MealRecord>
  sync?: (body: MealSync) => Promise<MealSyncResult>
  voidRecord?: (id: string, reason: string) => Promise<MealRecord>
}

/**
 * The counter's optimistic save queue over the device's outbox (IndexedDB). A meal is written to the
 * outbox first, shows at once and is sent in the background; the operator goes on with the next elder.
 * Online, its first attempt is a plain POST. Anything not answered then (offline, a lost answer, an
 * expired session) waits in the outbox and goes with the next sync: in batches, in the order the
 * meals were recorded, with the device's id and numbers, the recorder and the device's time. The
 * server stores each id once, so a batch sent again after a drop changes nothing; refusals and
 * 需补收 stay on the entry until the operator acts on them.
 */
export function useMealQueue(options: MealQueueOptions) {
  const save = options.save ?? recordMeal
  const sync = options.sync ?? syncMeals
  const voidRecord = options.voidRecord ?? ((id: string, reason: string) => voidMealRecord(id, { reason }))
  const entries = ref<MealEntry[]>([])
  let disposed = false

  /** Writes the server's answer on the outbox entry; a meal dismissed by the operator leaves the outbox. */
  async function persist(entry: MealEntry): Promise<void> {
    if (!entry.request) return
    try {
      if (entry.state === 'saving' || entry.state === 'retrying') return
      if (entry.state === 'refused' && !entry.error) {
        await counterDb().outbox.delete(entry.id)
        return
      }
      const state = entry.state === 'refused' ? 'refused' : entry.record?.selfPayDueFen ? 'due' : 'synced'
      // Plain copies: IndexedDB cannot store Vue's reactive proxies.
      const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
      await counterDb().outbox.update(entry.id, { state, record: plain(entry.record), error: plain(entry.error) })
    } catch {
      // Without storage the queue still works for as long as the page stays open.
    }
  }

  let drainTimer: ReturnType<typeof setTimeout> | undefined
  let drainAttempts = 0
  let draining: Promise<void> | null = null

  function scheduleDrain(): void {
    clearTimeout(drainTimer)
    drainTimer = setTimeout(() => void drain(), retryDelay(drainAttempts))
  }

  function answer(entry: MealEntry, result: MealSyncResult['results'][number]): void {
    if (result.status === 'error') {
      entry.state = 'refused'
      entry.error = { code: (result.code ?? 'UNEXPECTED_RESPONSE') as ApiErrorCode, message: result.message ?? '' }
    } else {
      entry.record = result.record ?? null
      entry.state = entry.record?.voidedAt ? 'voided' : 'saved'
      entry.error = null
    }
  }

  /**
   * Sends the outbox's waiting meals, oldest first, batch after batch, until it is empty or the link
   * fails (then it tries again later). Meals of several facilities go in batches of their own.
   */
  function drain(): Promise<void> {
    draining ??= (async () => {
      try {
        const device = await deviceId()
        // A meal answered but still pending (its answer could not be written) is not sent again in this round.
        const sent = new Set<string>()
        for (;;) {
          if (disposed) return
          const waiting = await counterDb().outbox.where('state').equals('pending').toArray()
          const batch = nextBatch(
            waiting.filter((meal) => !sent.has(meal.id)),
            SYNC_BATCH_SIZE,
          )
          if (batch.length === 0) return
          const facilityId = batch[0]!.request.facilityId
          const records = batch.filter((meal) => meal.request.facilityId === facilityId)
          for (const meal of records) sent.add(meal.id)
          const entriesById = new Map(entries.value.map((entry) => [entry.id, entry]))
          for (const meal of records) {
            const entry = entriesById.get(meal.id)
            if (entry) entry.attempts += 1
          }
          const result = await sync({
            deviceId: device,
            facilityId,
            outboxSize: waiting.length,
            oldestUnsyncedAt: nextBatch(waiting, 1)[0]?.recordedAt ?? null,
            snapshotVersion: options.snapshotVersion?.() ?? null,
            records: records.map((meal) => meal.request),
          })
          for (const item of result.results) {
            const meal = records.find((candidate) => candidate.id === item.id)!
            const entry = entriesById.get(item.id) ?? reactive<MealEntry>(entryOf(meal))
            answer(entry, item)
            if (!entriesById.has(item.id)) entries.value.push(entry)
            await persist(entry)
          }
          drainAttempts = 0
          if (!disposed) options.onChange?.()
        }
      } catch (error) {
        drainAttempts += 1
        const message = { code: (error instanceof ApiError ? error.code : 'UNEXPECTED_RESPONSE') as ApiErrorCode, message: errorMessage(error) }
        for (const entry of entries.value) if (entry.state === 'retrying' || entry.state === 'saving') entry.error = message
        if (!disposed && isRetryable(error)) scheduleDrain()
      } finally {
        draining = null
      }
    })()
    return draining
  }

  /** The first attempt, online: a plain POST. Anything short of an answer leaves the meal to the next sync. */
  async function send(entry: MealEntry): Promise<void> {
    if (disposed || !entry.request) return
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      entry.state = 'retrying'
      return
    }
    entry.attempts += 1
    try {
      const { deviceSeq: _seq, recordedBy: _by, recordedAt: _at, ...meal } = entry.request
      entry.record = await save(meal)
      entry.state = entry.record.voidedAt ? 'voided' : 'saved'
      entry.error = null
      await persist(entry)
      if (!disposed) options.onChange?.()
    } catch (error) {
      entry.error = { code: error instanceof ApiError ? error.code : 'UNEXPECTED_RESPONSE', message: errorMessage(error) }
      if (isRetryable(error)) {
        entry.state = 'retrying'
        if (!disposed) scheduleDrain()
      } else {
        entry.state = 'refused'
        await persist(entry)
      }
    }
  }

  function entryOf(meal: StoredOutboxMeal): MealEntry {
    const state = meal.state === 'pending' ? 'retrying' : meal.state === 'refused' ? 'refused' : meal.record?.voidedAt ? 'voided' : 'saved'
    return {
      id: meal.id,
      state,
      elderName: meal.elderName,
      request: meal.request,
      record: meal.record,
      error: meal.error ? { code: meal.error.code as ApiErrorCode, message: meal.error.message } : null,
      attempts: 0,
      voiding: false,
      at: meal.recordedAt,
      deviceSubsidyFen: meal.subsidyFen,
    }
  }

  /** Writes the meal to the outbox under this device's next number before anything is sent. */
  async function enqueue(request: MealRecordCreate, elderName: string, deviceSubsidyFen: number | null, at = new Date().toISOString()): Promise<MealEntry> {
    const userId = options.userId() ?? ''
    const outboxRequest = { ...request, recordedBy: userId, recordedAt: at }
    const entry = reactive<MealEntry>({ id: request.id, state: 'saving', elderName, request: { ...outboxRequest, deviceSeq: 0 }, record: null, error: null, attempts: 0, voiding: false, at, deviceSubsidyFen })
    try {
      const stored = await addToOutbox({
        id: request.id,
        state: 'pending',
        elderId: request.elderId,
        servedOn: request.servedOn,
        slot: request.slot,
        subsidyFen: deviceSubsidyFen ?? 0,
        recordedAt: at,
        request: outboxRequest,
        elderName,
        userId,
        record: null,
        error: null,
      })
      entry.request = stored.request
    } catch {
      // Without storage the meal is still sent; only a reload before the answer would lose it.
    }
    return entry
  }

  function loadedEntry(record: MealRecord): MealEntry {
    return reactive<MealEntry>({
      id: record.id,
      state: record.voidedAt ? 'voided' : 'saved',
      elderName: record.elderName,
      request: null,
      record,
      error: null,
      attempts: 0,
      voiding: false,
      at: record.recordedAt,
      deviceSubsidyFen: null,
    })
  }

  /** Shows the meal at the top of the list at once and sends it; the returned promise settles after the first attempt. */
  async function submit(request: MealRecordCreate, elderName: string, deviceSubsidyFen: number | null = null): Promise<void> {
    const entry = await enqueue(request, elderName, deviceSubsidyFen)
    entries.value.unshift(entry)
    return send(entries.value[0]!)
  }

  /** After MEAL_ALREADY_SUBSIDISED: the same meal, now without subsidy, under a new id (the old one stays refused on the server). */
  async function resendUnsubsidised(entry: MealEntry): Promise<void> {
    if (entry.state !== 'refused' || !entry.request) return
    const { deviceSeq: _seq, recordedBy: _by, recordedAt: _at, ...meal } = entry.request
    const next = await enqueue({ ...meal, id: newMealId(), subsidised: false }, entry.elderName, 0, entry.at)
    const index = entries.value.indexOf(entry)
    entries.value.splice(index < 0 ? 0 : index, index < 0 ? 0 : 1, next)
    await counterDb().outbox.delete(entry.id).catch(() => undefined)
    return send(entries.value.find((item) => item.id === next.id)!)
  }

  function dismiss(entry: MealEntry): void {
    entries.value = entries.value.filter((item) => item !== entry)
    void counterDb().outbox.delete(entry.id).catch(() => undefined)
  }

  /** Sends every waiting meal now instead of at its next turn, e.g. when the device is back online. */
  function retryNow(): Promise<void> {
    clearTimeout(drainTimer)
    drainAttempts = 0
    return drain()
  }

  /** Voids a saved meal; rejects with the API's error, the entry keeping its state. */
  async function voidEntry(entry: MealEntry, reason: string): Promise<void> {
    if (!entry.record || entry.state !== 'saved') return
    entry.voiding = true
    try {
      entry.record = await voidRecord(entry.record.id, reason)
      entry.state = 'voided'
      if (!disposed) options.onChange?.()
    } finally {
      entry.voiding = false
    }
  }

  /**
   * Takes the server's list of a day as the truth for saved meals, keeping what only this page knows:
   * meals still on their way, refused ones, and saved ones the list was fetched too early to include.
   */
  function merge(records: MealRecord[]): void {
    const fetched = new Set(records.map((record) => record.id))
    const local = entries.value.filter((entry) => entry.request !== null && !fetched.has(entry.id))
    const loaded = records.map((record) => {
      const known = entries.value.find((entry) => entry.id === record.id)
      if (!known) return loadedEntry(record)
      Object.assign(known, { record, state: record.voidedAt ? 'voided' : 'saved', at: record.recordedAt, error: null })
      return known
    })
    entries.value = [...local, ...loaded].sort((a, b) => b.at.localeCompare(a.at))
  }

  /** Shows what the outbox holds of today (waiting, refused, 需补收) and sends what waits, with its own ids. */
  async function resume(today: string): Promise<void> {
    try {
      await carryOverLegacyQueue()
      const stored = await counterDb().outbox.where('servedOn').aboveOrEqual(today).toArray()
      for (const meal of stored) {
        if (entries.value.some((entry) => entry.id === meal.id)) continue
        entries.value.push(reactive<MealEntry>(entryOf(meal)))
      }
      entries.value.sort((a, b) => b.at.localeCompare(a.at))
    } catch {
      return
    }
    await drain()
  }

  /** Meals in the outbox not yet answered, and the device time of the oldest: what the device reports. */
  async function outboxState(): Promise<{ outboxSize: number; oldestUnsyncedAt: string | null }> {
    const waiting = await counterDb().outbox.where('state').equals('pending').toArray()
    return { outboxSize: waiting.length, oldestUnsyncedAt: nextBatch(waiting, 1)[0]?.recordedAt ?? null }
  }

  const online = () => void retryNow()
  window.addEventListener('online', online)
  onScopeDispose(() => {
    disposed = true
    window.removeEventListener('online', online)
    clearTimeout(drainTimer)
  })

  return { entries, submit, resendUnsubsidised, dismiss, retryNow, voidEntry, merge, resume, outboxState }
}
