import type { CheckSettings, SubsidyCheckSettings, SubsidyCheckSettingsPut } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'

const islandLabel = (island: string | null) => island ?? '本岛'
const pairKey = (a: string | null, b: string | null) => JSON.stringify([a, b].sort((x, y) => String(x).localeCompare(String(y))))

/** Why a list of island crossings cannot be saved: islands the regions do not name, a pair of one island, a pair twice. */
export function crossingProblems(crossings: SubsidyCheckSettingsPut['islandCrossings'], islands: readonly (string | null)[]): string[] {
  const known = new Set(islands)
  const seen = new Set<string>()
  const problems: string[] = []
  crossings.forEach((crossing, index) => {
    for (const island of [crossing.from, crossing.to]) if (!known.has(island)) problems.push(`islandCrossings[${index}]: ${islandLabel(island)} is not an island of the district's communities`)
    if (crossing.from === crossing.to) problems.push(`islandCrossings[${index}]: a crossing joins two islands`)
    const key = pairKey(crossing.from, crossing.to)
    if (seen.has(key)) problems.push(`islandCrossings[${index}]: ${islandLabel(crossing.from)} ↔ ${islandLabel(crossing.to)} is set twice`)
    seen.add(key)
  })
  return problems
}

/**
 * The check settings (distance, delegate share, island crossings). Saving one applies from the next
 * scan; findings already raised stay as they are, to be reviewed like any other.
 */
export default fp(
  async (fastify) => {
    const repository = fastify.subsidyChecksRepository
    const audit = fastify.auditRepository

    async function settings(actor: Actor): Promise<SubsidyCheckSettings> {
      const [current, islands] = await Promise.all([repository.settings(actor.tenantId), repository.islands(actor.tenantId)])
      return { ...current, islands }
    }

    async function update(actor: Actor, input: SubsidyCheckSettingsPut): Promise<SubsidyCheckSettings> {
      const problems = crossingProblems(input.islandCrossings, await repository.islands(actor.tenantId))
      if (problems.length > 0) throw new AppError('SUBSIDY_CHECK_SETTINGS_INVALID', problems[0]!, problems.map((message) => ({ message })))
      const after: CheckSettings = { twoPlacesKm: input.twoPlacesKm, delegateShareFactor: input.delegateShareFactor, delegateMinMeals: input.delegateMinMeals, islandCrossings: input.islandCrossings }
      await fastify.db.transaction(async (tx) => {
        const before = await repository.settings(actor.tenantId, tx)
        await repository.upsertSettings(actor.tenantId, after, tx)
        await audit.record(actor, { action: 'subsidy_check.settings_update', entityType: 'subsidy_check_settings', entityId: actor.tenantId, changes: changedFields({ ...before }, { ...after }) }, tx)
      })
      return settings(actor)
    }

    fastify.decorate('subsidyCheckSettingsService', { settings, update })
  },
  { name: 'subsidy-check-settings-service', dependencies: ['subsidy-checks-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    subsidyCheckSettingsService: {
      settings(actor: Actor): Promise<SubsidyCheckSettings>
      update(actor: Actor, input: SubsidyCheckSettingsPut): Promise<SubsidyCheckSettings>
    }
  }
}
