import { uuidv7 } from '@eldercare/db'
import { awardedGrade, gradeForScore, ratingValidUntil, type ErrorDetail, type StarRating, type StarRatingCreate, type StarRatingListQuery } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'
import { addDays, shanghaiToday } from '../http/dates.js'
import { currentRating } from './institution-figures.js'
import { mapStarRating } from './institutions.mapper.js'

const invalid = (message: string, details?: ErrorDetail[]) => new AppError('STAR_RATING_INVALID', message, details)

export default fp(
  async (fastify) => {
    const repository = fastify.institutionsRepository
    const institutions = fastify.institutionsService
    const audit = fastify.auditRepository

    /**
     * Records an assessment: the scores per configured section, the grade the thresholds give and, for an
     * institution's first assessment, the cap of the settings.
     */
    async function create(actor: Actor, input: StarRatingCreate): Promise<StarRating> {
      const today = shanghaiToday()
      if (input.assessedOn > today) throw invalid('an assessment cannot lie in the future', [{ path: '/body/assessedOn', message: 'after today' }])
      return fastify.db.transaction(async (tx) => {
        const institution = await institutions.load(actor, input.facilityId, tx)
        const settings = await institutions.settings(actor, tx)
        const problems: ErrorDetail[] = []
        const sections = settings.ratingSections
        for (const key of Object.keys(input.scores)) {
          if (!sections.some((section) => section.key === key)) problems.push({ path: `/body/scores/${key}`, message: `no section ${key} in the settings` })
        }
        for (const section of sections) {
          const score = input.scores[section.key]
          if (score === undefined) problems.push({ path: `/body/scores/${section.key}`, message: `a score for ${section.name} is missing` })
          else if (score > section.maxPoints) problems.push({ path: `/body/scores/${section.key}`, message: `${section.name} has at most ${section.maxPoints} points` })
        }
        const validUntil = input.validUntil ?? ratingValidUntil(input.assessedOn, settings.ratingValidityYears)
        if (validUntil < input.assessedOn) problems.push({ path: '/body/validUntil', message: 'a rating cannot expire before the assessment' })
        if (problems.length > 0) throw invalid(problems.map((p) => p.message).join('; '), problems)

        const earlier = await repository.ratingsOf(actor.tenantId, [input.facilityId], tx)
        const firstRating = !earlier.some((rating) => rating.assessedOn <= input.assessedOn)
        const sectionScores = sections.map((section) => ({ ...section, score: input.scores[section.key]! }))
        const totalScore = sectionScores.reduce((total, section) => total + section.score, 0)
        const scoredGrade = gradeForScore(totalScore, settings.gradeThresholds)
        const row = await repository.insertRating(
          {
            tenantId: actor.tenantId,
            id: uuidv7(),
            facilityId: input.facilityId,
            assessedOn: input.assessedOn,
            assessors: input.assessors,
            sectionScores,
            totalScore,
            scoredGrade,
            grade: awardedGrade(scoredGrade, firstRating, settings.firstRatingMaxGrade),
            firstRating,
            validUntil,
            remarks: input.remarks ?? null,
            createdBy: actor.userId,
          },
          tx,
        )
        const { tenantId: _tenant, createdAt: _at, createdBy: _by, ...fields } = row
        await audit.record(actor, { action: 'star_rating.create', entityType: 'star_rating', entityId: row.id, changes: changedFields(null, fields) }, tx)
        return mapStarRating(row, institution.name, today)
      })
    }

    /**
     * Ratings in scope, newest first. `current` keeps each institution's rating in force today;
     * `expiringWithinDays` keeps those of them running out within that many days, soonest first.
     */
    async function list(actor: Actor, query: StarRatingListQuery): Promise<{ items: StarRating[]; total: number }> {
      const { page = 1, pageSize = 20, facilityId, current, expiringWithinDays } = query
      const today = shanghaiToday()
      const scope = institutions.scopeFilter(actor)
      if (facilityId) await institutions.load(actor, facilityId)
      let ids: string[] | undefined
      if (current || expiringWithinDays !== undefined) {
        const facilityIds = facilityId ? [facilityId] : (await repository.allInstitutions(actor.tenantId, scope)).map((row) => row.id)
        const ratings = await repository.ratingsOf(actor.tenantId, facilityIds)
        ids = facilityIds.flatMap((id) => {
          const held = currentRating(
            ratings.filter((rating) => rating.facilityId === id),
            today,
          )
          return held ? [held.ratingId] : []
        })
      }
      const validUntilBy = expiringWithinDays !== undefined ? addDays(today, expiringWithinDays) : undefined
      const { rows, total } = await repository.listRatings(actor.tenantId, { ...scope, facilityId, ids, validUntilBy }, page, pageSize)
      return { items: rows.map((row) => mapStarRating(row.rating, row.facilityName, today)), total }
    }

    fastify.decorate('starRatingsService', { create, list })
  },
  { name: 'star-ratings-service', dependencies: ['institutions-repository', 'institutions-service', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    starRatingsService: {
      create(actor: Actor, input: StarRatingCreate): Promise<StarRating>
      list(actor: Actor, query: StarRatingListQuery): Promise<{ items: StarRating[]; total: number }>
    }
  }
}
