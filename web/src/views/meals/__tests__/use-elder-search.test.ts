import type { Elder } from '@eldercare/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { useElderSearch } from '../use-elder-search'

const found = (name: string) => ({ id: name, name }) as Elder

function deferred() {
  let resolve!: (items: Elder[]) => void
  const promise = new Promise<Elder[]>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('elder search', () => {
  it('waits for a pause in typing and searches once', async () => {
    const search = vi.fn((q: string) => Promise.resolve([found(q)]))
    const scope = effectScope()
    const state = scope.run(() => useElderSearch({ search, delay: 250 }))!
    for (const text of ['张', '张桂', '张桂英']) {
      state.query.value = text
      await nextTick()
      await vi.advanceTimersByTimeAsync(100)
    }
    await vi.advanceTimersByTimeAsync(250)
    expect(search.mock.calls).toEqual([['张桂英']])
    expect(state.results.value.map((elder) => elder.name)).toEqual(['张桂英'])
    scope.stop()
  })

  it('drops an answer that arrives after a newer search started', async () => {
    const slow = deferred()
    const fast = deferred()
    const search = vi.fn((q: string) => (q === '张' ? slow.promise : fast.promise))
    const scope = effectScope()
    const state = scope.run(() => useElderSearch({ search, delay: 250 }))!

    state.query.value = '张'
    await nextTick()
    await vi.advanceTimersByTimeAsync(250)
    state.query.value = '周'
    await nextTick()
    await vi.advanceTimersByTimeAsync(250)

    fast.resolve([found('周爱国')])
    await vi.advanceTimersByTimeAsync(0)
    slow.resolve([found('张桂英')])
    await vi.advanceTimersByTimeAsync(0)

    expect(state.results.value.map((elder) => elder.name)).toEqual(['周爱国'])
    expect(state.resultsFor.value).toBe('周')
    scope.stop()
  })

  it('forgets a search under way when the box is cleared', async () => {
    const slow = deferred()
    const scope = effectScope()
    const state = scope.run(() => useElderSearch({ search: () => slow.promise, delay: 250 }))!
    state.query.value = '张'
    await nextTick()
    const pending = state.searchNow()
    state.clear()
    slow.resolve([found('张桂英')])

    expect(await pending).toBeNull()
    expect(state.results.value).toEqual([])
    expect(state.searching.value).toBe(false)
    scope.stop()
  })
})
