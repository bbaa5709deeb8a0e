import { setTimeout as sleep } from 'node:timers/promises'
import type { httpClient } from '../load.js'

export type Client = ReturnType<typeof httpClient>

/** Latencies and outcomes of one kind of request over a run. */
export class Tally {
  readonly latencies: number[] = []
  errors = 0
  readonly errorSamples = new Map<string, number>()

  record(ms: number, ok: boolean, what = '') {
    this.latencies.push(ms)
    if (!ok) {
      this.errors += 1
      this.errorSamples.set(what, (this.errorSamples.get(what) ?? 0) + 1)
    }
  }

  percentile(p: number): number {
    const sorted = [...this.latencies].sort((a, b) => a - b)
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  }
}

/**
 * Starts `operation(i)` at a fixed rate whatever the answers take (an open loop, as real counters
 * are), with at most `maxInFlight` waiting; what could not start is counted as dropped.
 */
export async function fixedRate(perSecond: number, seconds: number, maxInFlight: number, operation: (i: number) => Promise<void>): Promise<{ started: number; dropped: number }> {
  const interval = 1000 / perSecond
  const begin = performance.now()
  const inFlight = new Set<Promise<void>>()
  let started = 0
  let dropped = 0
  for (let i = 0; ; i++) {
    const due = begin + i * interval
    if (due - begin >= seconds * 1000) break
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    if (inFlight.size >= maxInFlight) {
      dropped += 1
      continue
    }
    started += 1
    const running: Promise<void> = operation(i).finally(() => inFlight.delete(running))
    inFlight.add(running)
  }
  await Promise.all(inFlight)
  return { started, dropped }
}

/**
 * Sends a write until it gets an answer that is not a network error or a 5xx, at most `attempts`
 * times with the same body (the same client-made id): what a counter does when the line drops.
 */
export async function sendWithRetries(client: Client, path: string, token: string, body: unknown, attempts = 3): Promise<{ status: number; body: string; attempts: number }> {
  let last = { status: 0, body: '' }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await client('POST', path, token, body).catch((error: Error) => ({ status: 0, body: error.message }))
    if (last.status !== 0 && last.status < 500) return { ...last, attempts: attempt }
    await sleep(100 * attempt)
  }
  return { ...last, attempts }
}
