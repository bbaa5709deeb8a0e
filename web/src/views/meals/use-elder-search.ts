import type { Elder } from '@eldercare/shared'
import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import { searchElders } from '../../api/elders'
import { errorMessage } from '../../utils/feedback'

/** Results the counter shows: enough for a common surname, few enough to tap without scrolling. */
export const SEARCH_PAGE_SIZE = 8

/** The API's limit on the search text. */
const MAX_QUERY_LENGTH = 32

export function searchCounterElders(q: string): Promise<Elder[]> {
  return searchElders({ q, pageSize: SEARCH_PAGE_SIZE, status: 'active' }).then((page) => page.items)
}

/**
 * The counter's elder search: name, pinyin initials, last 4 of the 身份证号 or phone. Typing waits
 * for a pause; an answer that arrives after a newer search started is dropped, so a slow response
 * never replaces the results of what is in the box now.
 */
export function useElderSearch(options: { delay?: number; search?: (q: string) => Promise<Elder[]> } = {}) {
  const delay = options.delay ?? 250
  const search = options.search ?? searchCounterElders
  const query = ref('')
  const results = shallowRef<Elder[]>([])
  const searching = ref(false)
  const error = ref<string | null>(null)
  /** The text the current results belong to; null while none do. */
  const resultsFor = ref<string | null>(null)

  let generation = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: { text: string; promise: Promise<Elder[] | null> } | null = null

  function normalised(text: string): string {
    return text.trim().slice(0, MAX_QUERY_LENGTH)
  }

  function reset(): void {
    clearTimeout(timer)
    generation += 1
    inFlight = null
    results.value = []
    resultsFor.value = null
    searching.value = false
    error.value = null
  }

  /** Resolves with the results for `text`, or null when a newer search or a clear overtook it. */
  function run(text: string): Promise<Elder[] | null> {
    if (inFlight?.text === text) return inFlight.promise
    const mine = ++generation
    searching.value = true
    error.value = null
    const promise = search(text).then(
      (items) => {
        if (mine !== generation) return null
        results.value = items
        resultsFor.value = text
        return items
      },
      (failure: unknown) => {
        if (mine !== generation) return null
        results.value = []
        resultsFor.value = null
        error.value = errorMessage(failure)
        return null
      },
    )
    inFlight = { text, promise }
    void promise.finally(() => {
      if (mine !== generation) return
      searching.value = false
      inFlight = null
    })
    return promise
  }

  watch(query, (value) => {
    clearTimeout(timer)
    const text = normalised(value)
    if (text === '') {
      reset()
      return
    }
    if (text === resultsFor.value) return
    timer = setTimeout(() => {
      // Enter may have searched this text already while the pause was running.
      if (text !== resultsFor.value) void run(text)
    }, delay)
  })

  /** Enter: search now, without waiting for the pause, and resolve with what matches the box. */
  function searchNow(): Promise<Elder[] | null> {
    clearTimeout(timer)
    const text = normalised(query.value)
    if (text === '') return Promise.resolve(null)
    if (text === resultsFor.value && !searching.value) return Promise.resolve(results.value)
    return run(text)
  }

  /** Empties the box and forgets every search still under way. */
  function clear(): void {
    query.value = ''
    reset()
  }

  /** A search lost to the network is asked again as soon as the device is back online. */
  const online = () => {
    if (error.value !== null && normalised(query.value) !== '') void run(normalised(query.value))
  }
  window.addEventListener('online', online)
  onScopeDispose(() => {
    clearTimeout(timer)
    window.removeEventListener('online', online)
  })

  return { query, results, searching, error, resultsFor, searchNow, clear }
}
