import fp from 'fastify-plugin'
import { shanghaiToday } from '../http/dates.js'
import { systemActor } from './subsidy-checks.service.js'

/** How often the timer looks whether a new day has begun. */
const LOOK_EVERY_MS = 10 * 60_000

/**
 * Runs every check over every district once a day, the first look after the Asia/Shanghai day
 * changes (the day the server starts is left to the on-demand and status-change runs). Several API
 * instances may run it: a finding is raised once whoever finds it.
 */
export default fp(
  async (fastify) => {
    let timer: NodeJS.Timeout | null = null
    let lastDay = shanghaiToday()
    let running = false
    async function runIfNewDay() {
      const today = shanghaiToday()
      if (running || today === lastDay) return
      running = true
      try {
        for (const tenantId of await fastify.subsidyChecksRepository.tenantIds()) await fastify.subsidyChecksService.scan(systemActor(tenantId))
        lastDay = today
      } catch (error) {
        fastify.log.warn({ code: (error as { code?: unknown }).code }, 'nightly subsidy checks failed')
      } finally {
        running = false
      }
    }
    fastify.addHook('onReady', async () => {
      timer = setInterval(() => void runIfNewDay(), LOOK_EVERY_MS)
      timer.unref()
    })
    fastify.addHook('onClose', async () => {
      if (timer) clearInterval(timer)
    })
  },
  { name: 'nightly-subsidy-checks', dependencies: ['subsidy-checks-service'] },
)
