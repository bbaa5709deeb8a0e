import fp from 'fastify-plugin'

/** How often meal deltas are folded into the daily totals; reads are exact either way, only smaller after. */
export const COMPACTION_INTERVAL_MS = 15_000

/**
 * Folds `meal_daily_deltas` into `meal_daily_totals` every few seconds while the API runs. Several API
 * instances may do it at once: the database lets one through and the others return at once.
 */
export default fp(
  async (fastify) => {
    let timer: NodeJS.Timeout | null = null
    let running = false
    async function compact() {
      if (running) return
      running = true
      try {
        await fastify.indicatorsRepository.compactMealTotals()
      } catch (error) {
        // A database outage is reported by the requests that meet it; the next round tries again.
        fastify.log.warn({ code: (error as { code?: unknown }).code }, 'meal totals compaction failed')
      } finally {
        running = false
      }
    }
    fastify.addHook('onReady', async () => {
      timer = setInterval(() => void compact(), COMPACTION_INTERVAL_MS)
      timer.unref()
    })
    fastify.addHook('onClose', async () => {
      if (timer) clearInterval(timer)
    })
  },
  { name: 'summary-compaction', dependencies: ['indicators-repository'] },
)
