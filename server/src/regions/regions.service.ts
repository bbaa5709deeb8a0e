import type { Executor } from '@eldercare/db'
import type { Region, RegionImportResult, RegionListQuery, RegionPatch } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { AuditActor } from '../audit/audit.repository.js'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError, notFound } from '../errors.js'
import { defaultUrbanRural, parseRegionCsv } from './region-csv.js'
import type { RegionRow } from './regions.repository.js'

export function mapRegion(row: RegionRow): Region {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    kind: row.kind,
    urbanRural: row.urbanRural,
    island: row.island,
    latitude: row.latitude,
    longitude: row.longitude,
  }
}

export default fp(
  async (fastify) => {
    const regions = fastify.regionsRepository
    const tenants = fastify.tenantsRepository
    const audit = fastify.auditRepository

    async function list(actor: Actor, query: RegionListQuery) {
      const rows = await regions.list(actor.tenantId, query)
      return { items: rows.map(mapRegion), total: rows.length }
    }

    async function patch(actor: Actor, code: string, input: RegionPatch): Promise<Region> {
      return fastify.db.transaction(async (tx) => {
        const before = await regions.findByCode(actor.tenantId, code, tx)
        if (!before) throw notFound('region')
        const after = (await regions.update(actor.tenantId, code, input, tx))!
        const pick = (row: RegionRow) => ({ name: row.name, kind: row.kind, urbanRural: row.urbanRural, island: row.island, latitude: row.latitude, longitude: row.longitude })
        if (before.level === 'town' && !['subdistrict', 'town'].includes(after.kind)) {
          throw new AppError('REGION_CODE_INVALID', 'a town is of kind subdistrict or town')
        }
        if (before.level === 'community' && !['community', 'village', 'other'].includes(after.kind)) {
          throw new AppError('REGION_CODE_INVALID', 'a community is of kind community, village or other')
        }
        await audit.record(actor, { action: 'region.update', entityType: 'region', entityId: code, changes: changedFields(pick(before), pick(after)) }, tx)
        return mapRegion(after)
      })
    }

    /** All-or-nothing: a file with any bad line writes nothing and names every bad line. */
    async function importCsv(actor: AuditActor, csv: string, exec?: Executor): Promise<RegionImportResult> {
      const tenant = await tenants.findById(actor.tenantId, exec)
      if (!tenant) throw notFound('tenant')
      const parsed = parseRegionCsv(csv, tenant.code)
      if (!parsed.ok) throw new AppError('REGION_IMPORT_INVALID', 'the region list has errors; nothing was imported', parsed.errors)
      const rows = parsed.rows.map((row) => ({
        tenantId: tenant.id,
        code: row.code,
        name: row.name,
        level: row.level,
        parentCode: row.level === 'town' ? null : row.parentCode,
        kind: row.kind,
        urbanRural: defaultUrbanRural(row.kind),
        island: row.island,
      }))
      const run = async (tx: Executor) => {
        // Towns first: communities point at them.
        const towns = await regions.upsertOfficial(rows.filter((row) => row.level === 'town'), tx)
        const communities = await regions.upsertOfficial(rows.filter((row) => row.level === 'community'), tx)
        const result = {
          towns: rows.filter((row) => row.level === 'town').length,
          communities: rows.filter((row) => row.level === 'community').length,
          created: towns.created + communities.created,
          updated: towns.updated + communities.updated,
        }
        await audit.record(
          actor,
          { action: 'region.import', entityType: 'region', entityId: tenant.code, changes: changedFields(null, result) },
          tx,
        )
        return result
      }
      return exec ? run(exec) : fastify.db.transaction(run)
    }

    fastify.decorate('regionsService', { list, patch, importCsv })
  },
  { name: 'regions-service', dependencies: ['regions-repository', 'tenants-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    regionsService: {
      list(actor: Actor, query: RegionListQuery): Promise<{ items: Region[]; total: number }>
      patch(actor: Actor, code: string, input: RegionPatch): Promise<Region>
      importCsv(actor: AuditActor, csv: string, exec?: Executor): Promise<RegionImportResult>
    }
  }
}
