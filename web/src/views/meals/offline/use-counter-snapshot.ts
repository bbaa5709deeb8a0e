import { applySnapshot, snapshotExpired, type CounterSnapshot, type Elder, type SnapshotElder } from '@eldercare/shared'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { getCounterSnapshot } from '../../../api/counters'
import { counterDb } from './counter-db'

/** How often an open counter refreshes its snapshot while online. */
const REFRESH_EVERY_MS = 10 * 60_000

/** A snapshot elder in the shape the counter's elder card shows: the masked number is the tail only. */
export function snapshotElderCard(elder: SnapshotElder): Elder {
  return {
    id: elder.id,
    idNumberMasked: `**************${elder.idNumberTail}`,
    name: elder.name,
    gender: elder.gender,
    age: elder.age,
    phoneMasked: null,
    communityCode: '',
    communityName: '',
    townCode: '',
    categories: elder.categories.map((category) => ({ category: category.category, startOn: category.startOn, endOn: category.endOn })),
    advancedAge: elder.age >= 80,
    status: elder.status,
    deceasedOn: elder.deceasedOn,
    // The counter needs only whether an elder is served today; the status's day and place stay on the server.
    statusSince: '',
    institutionId: null,
    institutionName: null,
    concentratedCareNeedSince: null,
    dietaryNotes: null,
    pickupDelegates: elder.delegates.map((delegate) => ({ ...delegate, phoneMasked: null, consentOn: '' })),
    updatedAt: '',
  }
}

/**
 * The counter's search without the server: name (any part), pinyin initials (from the start), the
 * last four of the 身份证号, or a scanned card number. Only active elders, as the online search.
 */
export function searchSnapshot(snapshot: CounterSnapshot, text: string, limit: number): Elder[] {
  const q = text.trim()
  if (q === '') return []
  const lower = q.toLowerCase()
  const upper = q.toUpperCase()
  return snapshot.elders
    .filter((elder) => elder.status === 'active')
    .filter((elder) => elder.name.includes(q) || elder.nameInitials.startsWith(lower) || (q.length === 4 && elder.idNumberTail === upper) || elder.cardNo === q)
    .slice(0, limit)
    .map(snapshotElderCard)
}

/**
 * The snapshot of the chosen facility: read from the device at once, refreshed from the server by
 * version whenever online, and wiped when it is older than the tenant's limit.
 */
export function useCounterSnapshot(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date())
  const snapshot = shallowRef<CounterSnapshot | null>(null)
  const refreshing = ref(false)
  const refreshFailed = ref(false)
  const clock = ref(now())

  /** Whole hours since the snapshot was taken, for the counter to show. */
  const ageHours = computed(() => (snapshot.value ? Math.max(0, Math.floor((clock.value.getTime() - Date.parse(snapshot.value.takenAt)) / 3_600_000)) : null))

  async function load(facilityId: string): Promise<void> {
    snapshot.value = null
    if (!facilityId) return
    try {
      const stored = await counterDb().snapshots.get(facilityId)
      if (!stored) return
      if (snapshotExpired(stored.snapshot, now(), stored.snapshot.mealSettings.counterSnapshotMaxAgeDays)) {
        await counterDb().snapshots.delete(facilityId)
        return
      }
      snapshot.value = stored.snapshot
    } catch {
      // No IndexedDB (private mode): the counter works online only.
    }
  }

  async function refresh(facilityId: string): Promise<void> {
    if (!facilityId) return
    refreshing.value = true
    try {
      const held = snapshot.value?.facility.id === facilityId ? snapshot.value : null
      const incoming = await getCounterSnapshot(facilityId, held?.version)
      const merged = applySnapshot(held, incoming)
      snapshot.value = merged
      refreshFailed.value = false
      await counterDb().snapshots.put({ facilityId, snapshot: merged })
    } catch {
      refreshFailed.value = true
    } finally {
      refreshing.value = false
    }
  }

  let current = ''
  /** Loads the facility's snapshot from the device, then asks the server for what changed. */
  async function use(facilityId: string): Promise<void> {
    current = facilityId
    await load(facilityId)
    if (typeof navigator === 'undefined' || navigator.onLine !== false) await refresh(facilityId)
  }

  const timer = setInterval(() => {
    clock.value = now()
    if (current && navigator.onLine !== false) void refresh(current)
  }, REFRESH_EVERY_MS)
  const online = () => {
    if (current) void refresh(current)
  }
  window.addEventListener('online', online)
  onScopeDispose(() => {
    clearInterval(timer)
    window.removeEventListener('online', online)
  })

  return { snapshot, refreshing, refreshFailed, ageHours, use, refresh }
}
