/*
 * Rules of an offline counter, as pure code: which meals of the outbox go next, how a snapshot
 * refresh is merged into the one the device holds, when a snapshot is too old to use, and how many
 * subsidised meals an elder has left in a slot as far as the device knows.
 */
import { mealSubsidyFor, type MealSubsidy, type SubsidyMeal, type SubsidyRuleTerms } from './meal-subsidy.js'
import type { CounterSnapshot, SnapshotElder } from './schemas/counters.js'
import type { MealSlot } from './schemas/facilities.js'

/**
 * A meal in a device's outbox. `pending` until the server answers; then `synced` (stored as sent),
 * `due` (stored, but the subsidy went to an earlier meal: 需补收 `selfPayDueFen`) or `refused` (with
 * the server's reason).
 */
export interface OutboxMeal {
  id: string
  deviceSeq: number
  state: 'pending' | 'synced' | 'due' | 'refused'
  elderId: string
  servedOn: string
  slot: MealSlot
  /** The subsidy the device gave when it recorded the meal. */
  subsidyFen: number
  recordedAt: string
}

/** The next batch to send: the oldest waiting meals by device number, at most `size`. */
export function nextBatch<T extends OutboxMeal>(outbox: readonly T[], size: number): T[] {
  return outbox
    .filter((meal) => meal.state === 'pending')
    .sort((a, b) => a.deviceSeq - b.deviceSeq)
    .slice(0, size)
}

/** The number for the next meal of a device: one more than any it ever gave, so numbers never repeat. */
export function nextDeviceSeq(outbox: readonly Pick<OutboxMeal, 'deviceSeq'>[], lastGiven = 0): number {
  return outbox.reduce((max, meal) => Math.max(max, meal.deviceSeq), lastGiven) + 1
}

/** The held snapshot with a refresh applied: a full one replaces it, a partial one updates it by version. */
export function applySnapshot(held: CounterSnapshot | null, incoming: CounterSnapshot): CounterSnapshot {
  if (incoming.full || held === null || held.facility.id !== incoming.facility.id) return incoming
  const served = new Set(incoming.elderIds)
  const elders = new Map<string, SnapshotElder>()
  for (const elder of held.elders) if (served.has(elder.id)) elders.set(elder.id, elder)
  for (const elder of incoming.elders) elders.set(elder.id, elder)
  return { ...incoming, full: true, elders: [...elders.values()] }
}

/** A snapshot not refreshed for `maxAgeDays` must not be used (and is wiped): its roster may be wrong. */
export function snapshotExpired(snapshot: Pick<CounterSnapshot, 'takenAt'>, now: Date, maxAgeDays: number): boolean {
  return now.getTime() - Date.parse(snapshot.takenAt) > maxAgeDays * 86_400_000
}

/**
 * Subsidised meals the elder has left in a slot on a day, as the device knows: the cap, less those
 * the snapshot saw anywhere today and those this device recorded after it was taken (the snapshot cannot
 * know them, whether sent yet or not).
 */
export function subsidisedMealsLeft(snapshot: CounterSnapshot, outbox: readonly OutboxMeal[], elderId: string, slot: MealSlot, servedOn: string): number {
  const cap = snapshot.mealSettings.subsidisedMealsPerSlot
  const seen = servedOn === snapshot.today ? (snapshot.subsidisedToday.find((row) => row.elderId === elderId && row.slot === slot)?.meals ?? 0) : 0
  const recordedAfter = outbox.filter(
    (meal) => (meal.state === 'pending' || meal.state === 'synced') && meal.elderId === elderId && meal.slot === slot && meal.servedOn === servedOn && meal.subsidyFen > 0 && meal.recordedAt > snapshot.takenAt,
  ).length
  return Math.max(0, cap - seen - recordedAfter)
}

/** The subsidy the device gives a meal from its snapshot: the server's calculator on the snapshot's facts. */
export function counterMealSubsidy(elder: Pick<SnapshotElder, 'age' | 'categories'>, meal: SubsidyMeal, rules: readonly SubsidyRuleTerms[]): MealSubsidy {
  return mealSubsidyFor({ age: elder.age, categories: elder.categories }, meal, rules)
}
