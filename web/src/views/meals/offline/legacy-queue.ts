import type { MealRecordCreate } from '@eldercare/shared'
import { addToOutbox, counterDb, type CounterDatabase } from './counter-db'

/** Where the counter kept unconfirmed meals before the IndexedDB outbox: by the id of the user who recorded them. */
export const LEGACY_QUEUE_KEY = 'eldercare.mealQueue'

interface LegacyEntry {
  request: MealRecordCreate
  elderName: string
  at: string
}

function readLegacyQueue(): Record<string, LegacyEntry[]> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(LEGACY_QUEUE_KEY) ?? '{}')
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, LegacyEntry[]>) : {}
  } catch {
    return {}
  }
}

/**
 * Moves the meals an earlier version left unsent in localStorage into the outbox, each in the name of
 * who recorded it, so a tablet updated while holding meals loses none. A meal already in the outbox
 * (an earlier carry-over cut short) is not added twice; the key goes only once all are in.
 */
export async function carryOverLegacyQueue(db: CounterDatabase = counterDb()): Promise<number> {
  const queue = readLegacyQueue()
  let carried = 0
  for (const [userId, entries] of Object.entries(queue)) {
    if (!Array.isArray(entries)) continue
    for (const { request, elderName, at } of entries) {
      if (!request?.id || (await db.outbox.get(request.id))) continue
      await addToOutbox(
        {
          id: request.id,
          state: 'pending',
          elderId: request.elderId,
          servedOn: request.servedOn,
          slot: request.slot,
          // The old queue kept no device subsidy; the server computes it at sync as for every meal.
          subsidyFen: 0,
          recordedAt: at,
          request: { ...request, recordedBy: userId, recordedAt: at },
          elderName,
          userId,
          record: null,
          error: null,
        },
        db,
      )
      carried++
    }
  }
  localStorage.removeItem(LEGACY_QUEUE_KEY)
  return carried
}
