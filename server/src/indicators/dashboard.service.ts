import { servesMeals, type Dashboard, type DashboardQuery } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { addDays, shanghaiDayStart } from '../http/dates.js'
import { bedIndicators, openInPeriod, ratingDistribution } from '../institutions/institution-figures.js'
import { inTown, isOpenOn } from './indicator-facts.js'
import { latestApprovedReports } from './latest-approved-reports.js'
import { resolveDates } from './indicators.service.js'

const MEAL_DAYS = 30

/** The month before a day's month, `YYYY-MM`: the report period due by then. */
export function previousPeriod(day: string): string {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))]
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

/** A facility is stale when its last meal (or, with none, its opening) is `staleDays` or more days before `asOf`. */
export function isStale(lastMealOn: string | null, openedOn: string, asOf: string, staleDays: number): boolean {
  const reference = lastMealOn ?? addDays(openedOn, -1)
  return reference <= addDays(asOf, -staleDays)
}

export default fp(
  async (fastify) => {
    const repository = fastify.indicatorsRepository
    const indicators = fastify.indicatorsService

    /** The charts and data-freshness flags of the bureau dashboard, on `asOf`. */
    async function dashboard(actor: Actor, query: DashboardQuery): Promise<Dashboard> {
      const place = indicators.placeOf(actor, query.townCode)
      const { asOf } = resolveDates({ asOf: query.asOf })
      const facts = await indicators.factsFor(place, [asOf])
      const local = facts.facilities.filter((facility) => inTown(facts, facility))
      const communityNames = new Map(facts.communities.map((community) => [community.code, community.name]))
      const mealFacilities = local.filter((facility) => servesMeals(facility) && isOpenOn(facility, asOf))
      const institutions = local.filter((facility) => facility.type === 'institution' && isOpenOn(facility, asOf))
      const period = previousPeriod(asOf)
      const expected = local.filter((facility) => facility.type === 'institution' && openInPeriod(facility, period))

      const [totals, cardUsersPerMonth, lastMeals, filed] = await Promise.all([
        repository.mealTotals(place, addDays(asOf, -(MEAL_DAYS - 1)), asOf),
        repository.cardUsersPerMonth(place, asOf),
        repository.lastMealDays(
          place,
          mealFacilities.map((facility) => facility.id),
          asOf,
          addDays(asOf, -(facts.settings.staleMealDays - 1)),
        ),
        repository.filedInstitutions(place.tenantId, period, shanghaiDayStart(asOf, 1)),
      ])

      const mealsPerDay = Array.from({ length: MEAL_DAYS }, (_, index) => {
        const day = addDays(asOf, index - (MEAL_DAYS - 1))
        const row = { day, breakfast: 0, lunch: 0, dinner: 0, dineIn: 0, delivery: 0, pickup: 0 }
        for (const total of totals.filter((t) => t.day === day)) {
          row[total.slot as 'breakfast' | 'lunch' | 'dinner'] += total.meals
          row[total.mode === 'dine_in' ? 'dineIn' : (total.mode as 'delivery' | 'pickup')] += total.meals
        }
        return row
      })

      return {
        asOf,
        townCode: place.townCode,
        mealsPerDay,
        cardUsersPerMonth,
        beds: bedIndicators(latestApprovedReports(facts, new Set(institutions.map((institution) => institution.id)), asOf)),
        ratings: ratingDistribution(
          institutions.map((institution) => institution.id),
          facts.ratings,
          asOf,
        ),
        mealFacilities: mealFacilities
          .map((facility) => {
            const lastMealOn = lastMeals.get(facility.id) ?? null
            return {
              id: facility.id,
              name: facility.name,
              type: facility.type,
              communityCode: facility.communityCode,
              communityName: communityNames.get(facility.communityCode) ?? '',
              lastMealOn,
              stale: isStale(lastMealOn, facility.openedOn, asOf, facts.settings.staleMealDays),
            }
          })
          .filter((facility) => place.townCode !== null || facility.stale)
          .sort((a, b) => Number(b.stale) - Number(a.stale) || (a.lastMealOn ?? '').localeCompare(b.lastMealOn ?? '') || a.name.localeCompare(b.name, 'zh-CN')),
        activeMealFacilities: mealFacilities.length,
        staleMealDays: facts.settings.staleMealDays,
        lateInstitutions: {
          period,
          expected: expected.length,
          late: expected.filter((facility) => !filed.has(facility.id)).map((facility) => ({ id: facility.id, name: facility.name })),
        },
      }
    }

    fastify.decorate('dashboardService', { dashboard })
  },
  { name: 'dashboard-service', dependencies: ['indicators-repository', 'indicators-service'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    dashboardService: { dashboard(actor: Actor, query: DashboardQuery): Promise<Dashboard> }
  }
}
