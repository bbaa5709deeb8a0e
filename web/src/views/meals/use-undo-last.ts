import { computed, onScopeDispose, ref, type Ref } from 'vue'
import type { MealEntry } from './use-meal-queue'

/** localStorage key of the meal last recorded on this device: the only one 撤销上一条 may take back. */
export const LAST_RECORDED_KEY = 'eldercare.mealCounter.lastRecorded'

/** Until the district's setting arrives; the server's default is the same. */
export const DEFAULT_UNDO_WINDOW_MINUTES = 5

interface LastRecorded {
  id: string
  userId: string
  /** Milliseconds since the epoch, on this device's clock. */
  at: number
}

function readLast(): LastRecorded | null {
  try {
    const value = JSON.parse(localStorage.getItem(LAST_RECORDED_KEY) ?? 'null') as Partial<LastRecorded> | null
    return value && typeof value.id === 'string' && typeof value.userId === 'string' && typeof value.at === 'number' ? (value as LastRecorded) : null
  } catch {
    return null
  }
}

export interface UndoLastOptions {
  entries: Ref<MealEntry[]>
  /** Minutes after recording during which the meal may be taken back with one tap. */
  windowMinutes: Ref<number>
  userId: () => string | null
  now?: () => number
}

/**
 * 撤销上一条: the last meal recorded on this device by this user, while it is fresh. A meal recorded
 * elsewhere, by someone else, or longer ago than the window is voided from the day's list instead,
 * where the operator sees whose meal it is and when it was recorded.
 */
export function useUndoLast(options: UndoLastOptions) {
  const now = options.now ?? (() => Date.now())
  const last = ref<LastRecorded | null>(readLast())
  const clock = ref(now())
  // The button goes by itself when the window closes, without waiting for another meal.
  const timer = setInterval(() => {
    clock.value = now()
  }, 10_000)
  onScopeDispose(() => clearInterval(timer))

  function remember(id: string): void {
    const userId = options.userId()
    if (!userId) return
    last.value = { id, userId, at: now() }
    clock.value = last.value.at
    try {
      localStorage.setItem(LAST_RECORDED_KEY, JSON.stringify(last.value))
    } catch {
      // Without storage the undo still works until the page reloads.
    }
  }

  const target = computed<MealEntry | null>(() => {
    const remembered = last.value
    if (!remembered || remembered.userId !== options.userId()) return null
    if (clock.value - remembered.at > options.windowMinutes.value * 60_000) return null
    return options.entries.value.find((entry) => entry.id === remembered.id && entry.state === 'saved') ?? null
  })

  return { target, remember }
}
