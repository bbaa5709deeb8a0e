import { type IndicatorSettings, type IndicatorTarget, type TargetCopy, type TargetPut } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'

export default fp(
  async (fastify) => {
    const repository = fastify.targetsRepository
    const audit = fastify.auditRepository

    async function list(actor: Actor, year: number): Promise<IndicatorTarget[]> {
      const rows = await repository.list(actor.tenantId, [year])
      return rows.map((row) => ({ year: row.year, key: row.key as IndicatorTarget['key'], comparator: row.comparator, value: row.value }))
    }

    async function put(actor: Actor, input: TargetPut): Promise<IndicatorTarget[]> {
      const keys = new Set<string>()
      input.targets.forEach((target, index) => {
        if (keys.has(target.key)) throw new AppError('VALIDATION_FAILED', `${target.key} is given twice`, [{ path: `/body/targets/${index}/key`, message: 'given twice' }])
        keys.add(target.key)
        if ((target.comparator === 'at_least') !== (target.value !== null)) {
          throw new AppError('VALIDATION_FAILED', 'a target "at least" needs a value; "higher than last year" takes none', [{ path: `/body/targets/${index}/value`, message: 'value and comparator disagree' }])
        }
      })
      const before = await repository.list(actor.tenantId, [input.year])
      await fastify.db.transaction(async (tx) => {
        await repository.upsert(
          input.targets.map((target) => ({ tenantId: actor.tenantId, year: input.year, ...target })),
          tx,
        )
        const asMap = (rows: { key: string; comparator: string; value: number | null }[]) => Object.fromEntries(rows.map((row) => [row.key, `${row.comparator}:${row.value ?? ''}`]))
        const changes = changedFields(asMap(before), { ...asMap(before), ...asMap(input.targets) })
        await audit.record(actor, { action: 'indicator_targets.update', entityType: 'indicator_targets', entityId: String(input.year), changes }, tx)
      })
      return list(actor, input.year)
    }

    /**
     * A new year's targets copied from another year in one action, never silently: a year that has
     * targets is overwritten only when asked (`replace`), and a retry of a copy already made answers
     * the same targets without writing again.
     */
    async function copy(actor: Actor, input: TargetCopy): Promise<IndicatorTarget[]> {
      if (input.fromYear === input.toYear) throw new AppError('VALIDATION_FAILED', 'copy to another year', [{ path: '/body/toYear', message: 'same as fromYear' }])
      const [source, existing] = await Promise.all([repository.list(actor.tenantId, [input.fromYear]), repository.list(actor.tenantId, [input.toYear])])
      if (source.length === 0) throw new AppError('TARGETS_SOURCE_EMPTY', `${input.fromYear} has no targets to copy`)
      const content = (rows: { key: string; comparator: string; value: number | null }[]) => JSON.stringify(rows.map((row) => [row.key, row.comparator, row.value]).sort())
      if (existing.length > 0 && content(existing) === content(source)) return list(actor, input.toYear)
      if (existing.length > 0 && !input.replace) throw new AppError('TARGETS_EXIST', `${input.toYear} already has ${existing.length} targets; copy with replace to overwrite them`)
      await fastify.db.transaction(async (tx) => {
        await repository.replaceYear(actor.tenantId, input.toYear, source.map((row) => ({ tenantId: actor.tenantId, year: input.toYear, key: row.key, comparator: row.comparator, value: row.value })), tx)
        const asMap = (rows: { key: string; comparator: string; value: number | null }[]) => Object.fromEntries(rows.map((row) => [row.key, `${row.comparator}:${row.value ?? ''}`]))
        await audit.record(
          actor,
          { action: 'indicator_targets.copy', entityType: 'indicator_targets', entityId: String(input.toYear), changes: { fromYear: { to: input.fromYear }, ...changedFields(asMap(existing), asMap(source)) } },
          tx,
        )
      })
      return list(actor, input.toYear)
    }

    async function updateSettings(actor: Actor, input: IndicatorSettings): Promise<IndicatorSettings> {
      const before = await fastify.indicatorsService.settings(actor.tenantId)
      await fastify.db.transaction(async (tx) => {
        await repository.saveSettings(actor.tenantId, { ...input }, tx)
        await audit.record(actor, { action: 'indicator_settings.update', entityType: 'indicator_settings', entityId: actor.tenantId, changes: changedFields({ ...before }, { ...input }) }, tx)
      })
      return fastify.indicatorsService.settings(actor.tenantId)
    }

    fastify.decorate('targetsService', { list, put, copy, updateSettings })
  },
  { name: 'targets-service', dependencies: ['targets-repository', 'audit-repository', 'indicators-service'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    targetsService: {
      list(actor: Actor, year: number): Promise<IndicatorTarget[]>
      put(actor: Actor, input: TargetPut): Promise<IndicatorTarget[]>
      copy(actor: Actor, input: TargetCopy): Promise<IndicatorTarget[]>
      updateSettings(actor: Actor, input: IndicatorSettings): Promise<IndicatorSettings>
    }
  }
}
