import http from 'node:http'

export interface LoadResult {
  operations: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
  errors: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * Runs `operation` from `concurrency` workers for `seconds`; each operation's latency is kept.
 * `operation(i)` gets a global sequence number so every call can use fresh data.
 */
export async function runLoad(concurrency: number, seconds: number, operation: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  let sequence = 0
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begin = performance.now()
        const ok = await operation(sequence++).catch(() => false)
        latencies.push(performance.now() - begin)
        if (!ok) errors++
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return { operations: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors }
}

/** A keep-alive HTTP client with at most `connections` sockets, like a pool of real clients. */
export function httpClient(baseUrl: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const url = new URL(baseUrl)
  return (method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
        },
      )
      request.on('error', reject)
      request.end(payload)
    })
}

export const ms = (value: number) => `${value.toFixed(1)} ms`
export const rate = (value: number) => Math.round(value).toLocaleString('en-US')
