import type { Executor } from '@eldercare/db'
import {
  type FacilityTag,
  DEFAULT_INSTITUTION_SETTINGS,
  type BedHistory,
  type ErrorDetail,
  type Institution,
  type InstitutionDetail,
  type InstitutionFigures,
  type InstitutionFiguresQuery,
  type InstitutionListQuery,
  type InstitutionProfilePut,
  type InstitutionSettings,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError, notFound } from '../errors.js'
import { replaceTagsFrom } from '../facilities/tag-periods.js'
import { shanghaiToday } from '../http/dates.js'
import { bedIndicators, currentRating, ratingDistribution } from './institution-figures.js'
import { figuresOf, mapInstitution } from './institutions.mapper.js'
import type { InstitutionScope, InstitutionView, StarRatingRow } from './institutions.repository.js'

/** `YYYY-MM` of `months − 1` months before the month of `today`: the first month of a history of `months`. */
export function firstPeriodOf(today: string, months: number): string {
  const [year, month] = today.slice(0, 7).split('-').map(Number) as [number, number]
  const index = year * 12 + (month - 1) - (months - 1)
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Rules across settings that a schema cannot say; every problem named by its path. */
export function settingsProblems(settings: InstitutionSettings): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  if (settings.reportWindowEndDay < settings.reportWindowStartDay) {
    problems.push({ path: '/body/reportWindowEndDay', message: 'the window cannot end before it starts' })
  }
  const keys = settings.ratingSections.map((section) => section.key)
  if (new Set(keys).size !== keys.length) problems.push({ path: '/body/ratingSections', message: 'section keys must be unique' })
  const thresholds = settings.gradeThresholds
  if (thresholds.some((value, index) => value < 0 || (index > 0 && value <= thresholds[index - 1]!))) {
    problems.push({ path: '/body/gradeThresholds', message: 'thresholds must rise from 1 to 5 stars' })
  }
  const maxTotal = settings.ratingSections.reduce((total, section) => total + section.maxPoints, 0)
  if (thresholds[4] > maxTotal) problems.push({ path: '/body/gradeThresholds', message: `5 stars cannot need more than the ${maxTotal} points there are` })
  return problems
}

export default fp(
  async (fastify) => {
    const repository = fastify.institutionsRepository
    const audit = fastify.auditRepository

    function scopeFilter(actor: Actor): InstitutionScope {
      const scope = scopeOf(actor)
      if (scope.kind === 'towns') return { scopeTownCodes: scope.townCodes }
      if (scope.kind === 'facilities') return { scopeFacilityIds: scope.facilityIds }
      return {}
    }

    /** An institution the actor may see, or 404: another tenant's, out of scope, not an institution all look the same. */
    async function load(actor: Actor, id: string, exec: Executor = fastify.db): Promise<InstitutionView> {
      const scope = scopeOf(actor)
      const row = await repository.findInstitution(actor.tenantId, id, exec)
      if (!row) throw notFound('institution')
      if (scope.kind === 'towns' && !scope.townCodes.includes(row.townCode)) throw notFound('institution')
      if (scope.kind === 'facilities' && !scope.facilityIds.includes(row.id)) throw notFound('institution')
      return row
    }

    async function settings(actor: Pick<Actor, 'tenantId'>, exec: Executor = fastify.db): Promise<InstitutionSettings> {
      const stored = await repository.settings(actor.tenantId, exec)
      return { ...DEFAULT_INSTITUTION_SETTINGS, ...(stored as Partial<InstitutionSettings> | null) }
    }

    async function updateSettings(actor: Actor, input: InstitutionSettings): Promise<InstitutionSettings> {
      const problems = settingsProblems(input)
      if (problems.length > 0) throw new AppError('INSTITUTION_SETTINGS_INVALID', problems.map((p) => p.message).join('; '), problems)
      return fastify.db.transaction(async (tx) => {
        const before = await settings(actor, tx)
        await repository.upsertSettings(actor.tenantId, { ...input }, tx)
        await audit.record(
          actor,
          { action: 'institution_settings.update', entityType: 'institution_settings', entityId: actor.tenantId, changes: changedFields({ ...before }, { ...input }) },
          tx,
        )
        return settings(actor, tx)
      })
    }

    function ratingsByFacility(ratings: StarRatingRow[]): Map<string, StarRatingRow[]> {
      const map = new Map<string, StarRatingRow[]>()
      for (const rating of ratings) map.set(rating.facilityId, [...(map.get(rating.facilityId) ?? []), rating])
      return map
    }

    async function list(actor: Actor, query: InstitutionListQuery): Promise<{ items: Institution[]; total: number }> {
      const { page = 1, pageSize = 20 } = query
      const filter = { q: query.q, townCode: query.townCode, ownership: query.ownership, ...scopeFilter(actor) }
      const { rows, total } = await repository.listInstitutions(actor.tenantId, filter, page, pageSize)
      const ids = rows.map((row) => row.id)
      const [reports, ratings] = await Promise.all([repository.latestApproved(actor.tenantId, ids), repository.ratingsOf(actor.tenantId, ids)])
      const today = shanghaiToday()
      const byFacility = ratingsByFacility(ratings)
      return {
        items: rows.map((row) =>
          mapInstitution(
            row,
            reports.find((report) => report.facilityId === row.id),
            currentRating(byFacility.get(row.id) ?? [], today),
          ),
        ),
        total,
      }
    }

    async function get(actor: Actor, id: string): Promise<InstitutionDetail> {
      const row = await load(actor, id)
      const [[latest], ratings] = await Promise.all([repository.latestApproved(actor.tenantId, [id]), repository.ratingsOf(actor.tenantId, [id])])
      return {
        ...mapInstitution(row, latest, currentRating(ratings, shanghaiToday())),
        beds: bedIndicators(latest ? [figuresOf(latest)] : []),
      }
    }

    async function putProfile(actor: Actor, id: string, input: InstitutionProfilePut): Promise<InstitutionDetail> {
      await fastify.db.transaction(async (tx) => {
        const before = await load(actor, id, tx)
        const { healthUnion, ...profile } = input
        await repository.upsertProfile({ tenantId: actor.tenantId, facilityId: id, ...profile }, tx)
        const tags = before.tags.filter((tag): tag is FacilityTag => tag !== 'health_union')
        if (healthUnion) tags.push('health_union')
        // A union joined or left today: figures of past days keep the tag as it was.
        if (healthUnion !== before.tags.includes('health_union')) await replaceTagsFrom(fastify.facilitiesRepository, actor.tenantId, id, tags, shanghaiToday(), tx)
        const was = before.profile
        await audit.record(
          actor,
          {
            action: 'institution.profile',
            entityType: 'facility',
            entityId: id,
            changes: changedFields(
              {
                ownership: was?.ownership ?? null,
                licenceNo: was?.licenceNo ?? null,
                licensedOn: was?.licensedOn ?? null,
                licensedBeds: was?.licensedBeds ?? null,
                healthUnion: before.tags.includes('health_union'),
              },
              { ...input },
            ),
          },
          tx,
        )
      })
      return get(actor, id)
    }

    async function bedHistory(actor: Actor, id: string, months = 12): Promise<BedHistory> {
      await load(actor, id)
      const rows = await repository.approvedHistory(actor.tenantId, id, firstPeriodOf(shanghaiToday(), months))
      return { facilityId: id, items: rows.map((row) => ({ period: row.period, figures: figuresOf(row) })) }
    }

    /**
     * Figures over the institutions in scope that are open today: beds from each one's latest approved
     * report, ratings valid today.
     */
    async function figures(actor: Actor, query: InstitutionFiguresQuery): Promise<InstitutionFigures> {
      const today = shanghaiToday()
      const institutions = (await repository.allInstitutions(actor.tenantId, { townCode: query.townCode, ownership: query.ownership, ...scopeFilter(actor) })).filter(
        (row) => row.openedOn <= today && (row.closedOn === null || row.closedOn > today),
      )
      const ids = institutions.map((row) => row.id)
      const [reports, ratings] = await Promise.all([repository.latestApproved(actor.tenantId, ids), repository.ratingsOf(actor.tenantId, ids)])
      return {
        asOf: today,
        institutions: ids.length,
        beds: bedIndicators(reports.map(figuresOf)),
        ratings: ratingDistribution(ids, ratings, today),
      }
    }

    fastify.decorate('institutionsService', { load, scopeFilter, settings, updateSettings, list, get, putProfile, bedHistory, figures })
  },
  { name: 'institutions-service', dependencies: ['institutions-repository', 'facilities-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    institutionsService: {
      load(actor: Actor, id: string, exec?: Executor): Promise<InstitutionView>
      scopeFilter(actor: Actor): InstitutionScope
      settings(actor: Pick<Actor, 'tenantId'>, exec?: Executor): Promise<InstitutionSettings>
      updateSettings(actor: Actor, input: InstitutionSettings): Promise<InstitutionSettings>
      list(actor: Actor, query: InstitutionListQuery): Promise<{ items: Institution[]; total: number }>
      get(actor: Actor, id: string): Promise<InstitutionDetail>
      putProfile(actor: Actor, id: string, input: InstitutionProfilePut): Promise<InstitutionDetail>
      bedHistory(actor: Actor, id: string, months?: number): Promise<BedHistory>
      figures(actor: Actor, query: InstitutionFiguresQuery): Promise<InstitutionFigures>
    }
  }
}
