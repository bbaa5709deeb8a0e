import {
  POPULATION_COLUMN_FIELDS,
  type PopulationColumnMappingPut,
  type PopulationColumnMappings,
  type PopulationImportQuery,
  type PopulationImportResult,
  type PopulationStat,
  type PopulationStatPut,
  type PopulationStatQuery,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'
import { headerKey } from '../http/xlsx-columns/index.js'
import { parsePopulationXlsx, type PopulationSheetRow } from './population-xlsx.js'
import type { PopulationStatInsert } from './population-stats.repository.js'

type Communities = { byCode: Map<string, string>; byName: Map<string, string[]> }

/** Finds a sheet row's community by its code, else by its name when that name is unique in the district. */
function resolveCommunity(row: PopulationSheetRow, communities: Communities): { code: string } | { error: string } {
  if (row.communityCode) return communities.byCode.has(row.communityCode) ? { code: row.communityCode } : { error: `村社代码 ${row.communityCode} 不在本区的村（社区）中` }
  const codes = communities.byName.get(row.communityName ?? '') ?? []
  if (codes.length === 1) return { code: codes[0]! }
  return { error: codes.length === 0 ? `未找到村（社区）“${row.communityName}”` : `“${row.communityName}”有重名，请填写村社代码` }
}

export default fp(
  async (fastify) => {
    const repository = fastify.populationStatsRepository
    const regions = fastify.regionsRepository
    const audit = fastify.auditRepository

    async function list(actor: Actor, query: PopulationStatQuery): Promise<PopulationStat[]> {
      const place = fastify.indicatorsService.placeOf(actor, query.townCode)
      const rows = await repository.list(actor.tenantId, { year: query.year, basis: query.basis, townCode: place.townCode ?? undefined })
      return rows.map(({ stat, communityName, townCode }) => ({
        communityCode: stat.communityCode,
        communityName,
        townCode: townCode ?? stat.communityCode.slice(0, 9),
        year: stat.year,
        basis: stat.basis,
        population60Plus: stat.population60Plus,
        population80Plus: stat.population80Plus,
        populationTotal: stat.populationTotal,
        updatedAt: stat.updatedAt.toISOString(),
      }))
    }

    async function communitiesOf(tenantId: string): Promise<Communities> {
      const rows = await regions.list(tenantId, { level: 'community' })
      const byName = new Map<string, string[]>()
      for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row.code])
      return { byCode: new Map(rows.map((row) => [row.code, row.name])), byName }
    }

    async function save(actor: Actor, year: number, basis: PopulationStatPut['basis'], rows: PopulationStatInsert[]) {
      await fastify.db.transaction(async (tx) => {
        await repository.upsert(rows, tx)
        await audit.record(actor, { action: 'population_stats.update', entityType: 'population_stats', entityId: `${year}:${basis}`, changes: { communities: { to: rows.length } } }, tx)
      })
    }

    /** Sets the figures of the communities named; each must be one of the district's and 80+ ≤ 60+ ≤ total. */
    async function put(actor: Actor, input: PopulationStatPut): Promise<PopulationStat[]> {
      const communities = await communitiesOf(actor.tenantId)
      input.entries.forEach((entry, index) => {
        if (!communities.byCode.has(entry.communityCode)) {
          throw new AppError('POPULATION_COMMUNITY_UNKNOWN', `unknown community ${entry.communityCode}`, [{ path: `/body/entries/${index}/communityCode`, message: 'unknown community' }])
        }
        if (entry.population80Plus > entry.population60Plus || entry.population60Plus > entry.populationTotal) {
          throw new AppError('VALIDATION_FAILED', 'figures must satisfy 80+ ≤ 60+ ≤ total', [{ path: `/body/entries/${index}`, message: '80+ ≤ 60+ ≤ total' }])
        }
      })
      const codes = new Set<string>()
      for (const entry of input.entries) {
        if (codes.has(entry.communityCode)) throw new AppError('VALIDATION_FAILED', `community ${entry.communityCode} is given twice`)
        codes.add(entry.communityCode)
      }
      await save(
        actor,
        input.year,
        input.basis,
        input.entries.map((entry) => ({ ...entry, tenantId: actor.tenantId, year: input.year, basis: input.basis, updatedBy: actor.userId })),
      )
      return (await list(actor, { year: input.year, basis: input.basis })).filter((stat) => codes.has(stat.communityCode))
    }

    function storedMappings(tenantId: string) {
      return fastify.importMappingsRepository.fieldsByHeader(tenantId, 'population', POPULATION_COLUMN_FIELDS)
    }

    /**
     * Imports a sheet all or nothing: any row with a problem stores nothing and every problem is listed. The dry
     * run answers with the problems, and with the file's header and first rows when a column must be named.
     */
    async function importXlsx(actor: Actor, file: Buffer, query: PopulationImportQuery): Promise<PopulationImportResult> {
      const mappings = new Map((await storedMappings(actor.tenantId)).map((row) => [row.headerKey, row.field]))
      const parsed = await parsePopulationXlsx(file, { year: query.year, basis: query.basis, mappings })
      const communities = await communitiesOf(actor.tenantId)
      const errors = [...parsed.errors]
      const entries = new Map<string, PopulationStatInsert>()
      for (const row of parsed.rows) {
        const community = resolveCommunity(row, communities)
        if ('error' in community) {
          errors.push({ row: row.row, column: '村（社区）', code: 'COMMUNITY_UNKNOWN', message: community.error })
          continue
        }
        if (entries.has(community.code)) {
          errors.push({ row: row.row, column: '村（社区）', code: 'DUPLICATE', message: `${communities.byCode.get(community.code)} 出现了两次` })
          continue
        }
        const { population60Plus, population80Plus, populationTotal } = row
        entries.set(community.code, { tenantId: actor.tenantId, communityCode: community.code, year: query.year, basis: query.basis, population60Plus, population80Plus, populationTotal, updatedBy: actor.userId })
      }
      if (errors.length === 0 && entries.size === 0) errors.push({ row: 0, code: 'EMPTY', message: '文件中没有人口数据行' })
      errors.sort((a, b) => a.row - b.row)
      const dataRows = parsed.rows.length + new Set(parsed.errors.filter((error) => error.row > parsed.headerRow).map((error) => error.row)).size
      const result = {
        year: query.year,
        basis: query.basis,
        rows: dataRows,
        imported: 0,
        dryRun: query.dryRun ?? false,
        errors,
        ...(parsed.columnsNeeded ? { columnsNeeded: parsed.columnsNeeded } : {}),
      }
      if (result.dryRun) return result
      if (errors.length > 0) throw new AppError('POPULATION_IMPORT_INVALID', `${errors.length} problem(s) in the file; nothing was imported`, errors.map((error) => ({ line: error.row, ...(error.column ? { path: error.column } : {}), message: error.message })))
      await save(actor, query.year, query.basis, [...entries.values()])
      return { ...result, imported: entries.size }
    }

    /** What the user said population columns are, kept for the tenant's next files with the same headers. */
    async function saveMappings(actor: Actor, input: PopulationColumnMappingPut): Promise<PopulationColumnMappings> {
      const mappings = input.mappings.map((mapping) => ({ headerKey: headerKey(mapping.header), header: mapping.header, field: mapping.field })).filter((mapping) => mapping.headerKey !== '')
      await fastify.db.transaction(async (tx) => {
        await fastify.importMappingsRepository.save(actor.tenantId, 'population', mappings, tx)
        const changes = Object.fromEntries(mappings.map((mapping) => [mapping.header, { to: mapping.field }]))
        await audit.record(actor, { action: 'population_stats.import_mapping', entityType: 'population_stats', entityId: 'import', changes }, tx)
      })
      return { mappings: (await storedMappings(actor.tenantId)).map(({ header, field }) => ({ header, field })) }
    }

    fastify.decorate('populationStatsService', { list, put, importXlsx, saveMappings })
  },
  { name: 'population-stats-service', dependencies: ['population-stats-repository', 'import-mappings-repository', 'regions-repository', 'audit-repository', 'indicators-service'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    populationStatsService: {
      list(actor: Actor, query: PopulationStatQuery): Promise<PopulationStat[]>
      put(actor: Actor, input: PopulationStatPut): Promise<PopulationStat[]>
      importXlsx(actor: Actor, file: Buffer, query: PopulationImportQuery): Promise<PopulationImportResult>
      saveMappings(actor: Actor, input: PopulationColumnMappingPut): Promise<PopulationColumnMappings>
    }
  }
}
