import { INDICATOR_KEYS, type IndicatorSettings, type IndicatorTarget, type TargetCopy, type TargetPut } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'
import { targetFor } from './indicators.service.js'

export default fp(
  async (fastify) => {
    const repository = fastify.targetsRepository
    const audit = fastify.auditRepository

    /**
     * A year's targets: the district's, or with a town each key's target for that town (its own, else
     * the district's, marked `targetScope: 'district'`).
     */
    async function list(actor: Actor, year: number, townCode?: string): Promise<IndicatorTarget[]> {
      const place = fastify.indicatorsService.placeOf(actor, townCode)
      const town = townCode === undefined ? null : place.townCode
      if (town !== null) await checkTown(actor.tenantId, town)
      const rows = await repository.list(actor.tenantId, [year])
      return INDICATOR_KEYS.flatMap((key) => {
        const row = targetFor(rows, key, town)
        return row
          ? [{ year: row.year, key, townCode: row.townCode, targetScope: row.townCode === null ? ('district' as const) : ('town' as const), comparator: row.comparator, value: row.value }]
          : []
      })
    }

    async function checkTown(tenantId: string, townCode: string) {
      const [town] = await fastify.regionsRepository.findTowns(tenantId, [townCode])
      if (!town) throw new AppError('NOT_FOUND', 'no such town')
    }

    async function put(actor: Actor, input: TargetPut): Promise<IndicatorTarget[]> {
      const townCode = input.townCode ?? null
      if (townCode !== null) await checkTown(actor.tenantId, townCode)
      const removeKeys = input.removeKeys ?? []
      if (removeKeys.length > 0 && townCode === null) {
        throw new AppError('VALIDATION_FAILED', 'only a town target can be removed: the district keeps its own', [{ path: '/body/removeKeys', message: 'needs townCode' }])
      }
      if (input.targets.length + removeKeys.length === 0) throw new AppError('VALIDATION_FAILED', 'nothing to change', [{ path: '/body/targets', message: 'empty' }])
      const keys = new Set<string>(removeKeys)
      input.targets.forEach((target, index) => {
        if (keys.has(target.key)) throw new AppError('VALIDATION_FAILED', `${target.key} is given twice`, [{ path: `/body/targets/${index}/key`, message: 'given twice' }])
        keys.add(target.key)
        if ((target.comparator === 'at_least') !== (target.value !== null)) {
          throw new AppError('VALIDATION_FAILED', 'a target "at least" needs a value; "higher than last year" takes none', [{ path: `/body/targets/${index}/value`, message: 'value and comparator disagree' }])
        }
      })
      const before = (await repository.list(actor.tenantId, [input.year])).filter((row) => row.townCode === townCode)
      await fastify.db.transaction(async (tx) => {
        await repository.upsert(
          input.targets.map((target) => ({ tenantId: actor.tenantId, year: input.year, townCode, ...target })),
          tx,
        )
        if (townCode !== null) await repository.removeTownTargets(actor.tenantId, input.year, townCode, removeKeys, tx)
        const asMap = (rows: { key: string; comparator: string; value: number | null }[]) => Object.fromEntries(rows.map((row) => [row.key, `${row.comparator}:${row.value ?? ''}`]))
        const after = { ...asMap(before.filter((row) => !removeKeys.includes(row.key as never))), ...asMap(input.targets) }
        const changes = changedFields(asMap(before), after)
        const entityId = townCode === null ? String(input.year) : `${input.year}:${townCode}`
        await audit.record(actor, { action: 'indicator_targets.update', entityType: 'indicator_targets', entityId, changes }, tx)
      })
      return list(actor, input.year, townCode ?? undefined)
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
      const content = (rows: { key: string; townCode: string | null; comparator: string; value: number | null }[]) => JSON.stringify(rows.map((row) => [row.key, row.townCode, row.comparator, row.value]).sort())
      if (existing.length > 0 && content(existing) === content(source)) return list(actor, input.toYear)
      if (existing.length > 0 && !input.replace) throw new AppError('TARGETS_EXIST', `${input.toYear} already has ${existing.length} targets; copy with replace to overwrite them`)
      await fastify.db.transaction(async (tx) => {
        await repository.replaceYear(actor.tenantId, input.toYear, source.map((row) => ({ tenantId: actor.tenantId, year: input.toYear, key: row.key, townCode: row.townCode, comparator: row.comparator, value: row.value })), tx)
        const asMap = (rows: { key: string; townCode: string | null; comparator: string; value: number | null }[]) => Object.fromEntries(rows.map((row) => [row.townCode ? `${row.key}@${row.townCode}` : row.key, `${row.comparator}:${row.value ?? ''}`]))
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
  { name: 'targets-service', dependencies: ['targets-repository', 'regions-repository', 'audit-repository', 'indicators-service'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    targetsService: {
      list(actor: Actor, year: number, townCode?: string): Promise<IndicatorTarget[]>
      put(actor: Actor, input: TargetPut): Promise<IndicatorTarget[]>
      copy(actor: Actor, input: TargetCopy): Promise<IndicatorTarget[]>
      updateSettings(actor: Actor, input: IndicatorSettings): Promise<IndicatorSettings>
    }
  }
}
