import type { MealRecord, MealRecordCreate } from '@eldercare/shared'
import { onScopeDispose, reactive, ref } from 'vue'
import { ApiError, type ApiErrorCode } from '../../api/api-error'
import { recordMeal, voidMealRecord } from '../../api/meals'
import { errorMessage } from '../../utils/feedback'

/** localStorage key of meals not yet confirmed by the server, so a reload or a crash does not lose them. */
export const QUEUE_STORAGE_KEY = 'eldercare.mealQueue'

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
  /** What was sent; null for records loaded from the server. */
  request: MealRecordCreate | null
  /** The server's record once it answered. */
  record: MealRecord | null
  error: { code: ApiErrorCode; message: string } | null
  attempts: number
  voiding: boolean
  /** When the operator recorded it, or the server's time for loaded records; the list is sorted by it. */
  at: string
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

interface StoredEntry {
  request: MealRecordCreate
  elderName: string
  at: string
}

/** Unconfirmed meals by the user who recorded them: a shared tablet may see several operators a day. */
type StoredQueue = Record<string, StoredEntry[]>

function readQueue(): StoredQueue {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(QUEUE_STORAGE_KEY) ?? '{}')
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as StoredQueue) : {}
  } catch {
    return {}
  }
}

function writeQueue(queue: StoredQueue): void {
  try {
    if (Object.keys(queue).length === 0) localStorage.removeItem(QUEUE_STORAGE_KEY)
    else localStorage.setItem(QUEUE_STORAGE_KEY, JSON.stringify(queue))
  } catch {
    // Without storage the queue still works for as long as the page stays open.
  }
}

export interface MealQueueOptions {
  /** The signed-in user: queued meals are only ever sent again for the user who recorded them. */
  userId: () => string | null
  /** Called after a meal was saved or voided, e.g. to refresh the day's totals. */
  onChange?: () => void
  save?: (request: MealRecordCreate) => Promise<MealRecord>
  voidRecord?: (id: string, reason: string) => Promise<MealRecord>
}

/**
 * The counter's optimistic save queue. A meal shows at once and is sent in the background; the
 * operator goes on with the next elder. Lost answers are retried with the same id, which the server
 * records exactly once; refusals stay on the entry until the operator acts on them.
 */
export function useMealQueue(options: MealQueueOptions) {
  const save = options.save ?? recordMeal
  const voidRecord = options.voidRecord ?? ((id: string, reason: string) => voidMealRecord(id, { reason }))
  const entries = ref<MealEntry[]>([])
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  let disposed = false

  function persist(): void {
    const userId = options.userId()
    if (userId === null) return
    const queue = readQueue()
    const unsent = entries.value.filter((entry) => entry.request && (entry.state === 'saving' || entry.state === 'retrying'))
    if (unsent.length === 0) delete queue[userId]
    else queue[userId] = unsent.map((entry) => ({ request: entry.request!, elderName: entry.elderName, at: entry.at }))
    writeQueue(queue)
  }

  function schedule(entry: MealEntry): void {
    clearTimeout(timers.get(entry.id))
    timers.set(
      entry.id,
      setTimeout(() => {
        timers.delete(entry.id)
        void send(entry)
      }, retryDelay(entry.attempts)),
    )
  }

  async function send(entry: MealEntry): Promise<void> {
    if (disposed || !entry.request) return
    entry.attempts += 1
    try {
      entry.record = await save(entry.request)
      entry.state = entry.record.voidedAt ? 'voided' : 'saved'
      entry.error = null
      entry.at = entry.record.recordedAt
      persist()
      if (!disposed) options.onChange?.()
    } catch (error) {
      entry.error = { code: error instanceof ApiError ? error.code : 'UNEXPECTED_RESPONSE', message: errorMessage(error) }
      if (isRetryable(error)) {
        entry.state = 'retrying'
        if (!disposed) schedule(entry)
      } else {
        entry.state = 'refused'
        persist()
      }
    }
  }

  function enqueue(request: MealRecordCreate, elderName: string, at = new Date().toISOString()): MealEntry {
    return reactive<MealEntry>({ id: request.id, state: 'saving', elderName, request, record: null, error: null, attempts: 0, voiding: false, at })
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
    })
  }

  /** Shows the meal at the top of the list at once and sends it; the returned promise settles after the first attempt. */
  function submit(request: MealRecordCreate, elderName: string): Promise<void> {
    const entry = enqueue(request, elderName)
    entries.value.unshift(entry)
    persist()
    return send(entries.value[0]!)
  }

  /** After MEAL_ALREADY_SUBSIDISED: the same meal, now without subsidy, under a new id (the old one stays refused on the server). */
  function resendUnsubsidised(entry: MealEntry): Promise<void> {
    if (entry.state !== 'refused' || !entry.request) return Promise.resolve()
    const next = enqueue({ ...entry.request, id: newMealId(), subsidised: false }, entry.elderName, entry.at)
    const index = entries.value.indexOf(entry)
    entries.value.splice(index < 0 ? 0 : index, index < 0 ? 0 : 1, next)
    persist()
    return send(entries.value.find((item) => item.id === next.id)!)
  }

  function dismiss(entry: MealEntry): void {
    entries.value = entries.value.filter((item) => item !== entry)
    persist()
  }

  /** Sends every waiting meal now instead of at its next turn, e.g. when the device is back online. */
  function retryNow(): void {
    for (const entry of entries.value) {
      if (entry.state !== 'retrying') continue
      clearTimeout(timers.get(entry.id))
      timers.delete(entry.id)
      void send(entry)
    }
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

  /** Sends again the meals this user left unconfirmed on this device, with their own ids. */
  function resume(): void {
    const userId = options.userId()
    if (userId === null) return
    for (const item of readQueue()[userId] ?? []) {
      if (entries.value.some((entry) => entry.id === item.request.id)) continue
      entries.value.push(enqueue(item.request, item.elderName, item.at))
      void send(entries.value[entries.value.length - 1]!)
    }
  }

  const online = () => retryNow()
  window.addEventListener('online', online)
  onScopeDispose(() => {
    disposed = true
    window.removeEventListener('online', online)
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
  })

  return { entries, submit, resendUnsubsidised, dismiss, retryNow, voidEntry, merge, resume }
}
