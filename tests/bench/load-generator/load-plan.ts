import { uuidv7 } from '@eldercare/db'
import {
  DEFAULT_INSTITUTION_SETTINGS,
  awardedGrade,
  checkBedFigures,
  gradeForScore,
  idNumberBirthDate,
  nextMonth,
  ratingValidUntil,
  type BedFigures,
  type ElderCategory,
  type FacilityTag,
  type FacilityType,
  type InstitutionOwnership,
  type MealMode,
  type MealSlot,
  type PopulationBasis,
  type SubsidyRuleCreate,
} from '@eldercare/shared'
import { DEMO_ALLOWANCE_RULES } from '../../../server/src/demo/demo-cards.js'
import { demoElders, type DemoElder } from '../../../server/src/demo/demo-elders.js'
import { DEMO_SUBSIDY_RULES } from '../../../server/src/demo/demo-meals.js'
import type { Random } from '../../../server/src/demo/random.js'
import { addDays, ageOn, shanghaiDayStart } from '../../../server/src/http/dates.js'
import { figureChangedAt } from '../../../server/src/institutions/bed-reports.service.js'
import { communityKey } from '../../../server/src/regions/community-names.js'

/**
 * The province-sized year of the indicator benchmark, planned in Node with a seeded random: towns,
 * communities, facilities, institutions, elders and cards (thousands of rows, inserted in bulk). The
 * meal records and card movements (millions) are generated inside PostgreSQL from the diners planned here.
 */

export interface LoadSizes {
  towns: number
  communities: number
  /** All facilities, institutions included. */
  facilities: number
  institutions: number
  elders: number
  meals: number
}

/** `--scale 1`: the province-sized year. */
export function loadSizes(scale: number): LoadSizes {
  const of = (full: number, min: number) => Math.max(min, Math.round(full * scale))
  const towns = of(50, 2)
  return { towns, communities: of(1000, towns * 2), facilities: of(3000, 12), institutions: of(300, 2), elders: of(200_000, 300), meals: of(10_000_000, 1000) }
}

export interface TownPlan {
  code: string
  name: string
  kind: 'subdistrict' | 'town'
  island: string | null
}

export interface CommunityPlan {
  code: string
  name: string
  townCode: string
  kind: 'community' | 'village'
  island: string | null
  latitude: number | null
  longitude: number | null
  /** Some meal facility serves it (at least part of the year). */
  covered: boolean
  /** Registered 60+ population in the generated year: the weight of the community. */
  population60Plus: number
}

export interface PopulationPlan {
  communityCode: string
  year: number
  basis: PopulationBasis
  population60Plus: number
  population80Plus: number
  populationTotal: number
}

export interface FacilityPlan {
  id: string
  name: string
  type: FacilityType
  communityCode: string
  address: string
  latitude: number
  longitude: number
  operatorOrg: string
  openedOn: string
  closedOn: string | null
  mealSlots: MealSlot[]
  mealModes: MealMode[]
  dailyCapacity: Partial<Record<MealSlot, number>>
  tags: FacilityTag[]
  supplierKitchenId: string | null
  serviceArea: string[]
  priceFen: number
}

export interface BedReportPlan extends BedFigures {
  id: string
  facilityId: string
  period: string
  status: 'submitted' | 'approved'
  figureChangedAt: Record<string, string>
  submittedAt: Date
  decidedAt: Date | null
}

export interface StarRatingPlan {
  id: string
  facilityId: string
  assessedOn: string
  assessors: string[]
  sectionScores: { key: string; name: string; maxPoints: number; score: number }[]
  totalScore: number
  scoredGrade: number | null
  grade: number | null
  firstRating: boolean
  validUntil: string
}

export interface InstitutionPlan {
  facilityId: string
  ownership: InstitutionOwnership
  licenceNo: string
  licensedOn: string
  licensedBeds: number
}

export interface ElderPlan {
  id: string
  person: DemoElder
  birthDate: string
  status: 'active' | 'moved_away' | 'in_institution' | 'deceased'
  deceasedOn: string | null
}

export interface CardPlan {
  id: string
  cardNo: string
  elderId: string
  issuedOn: string
  status: 'active' | 'frozen'
}

export interface ServicePaymentPlan {
  cardId: string
  facilityId: string
  paidAt: Date
  amountFen: number
  serviceType: string
}

/** An elder who eats at one facility; PostgreSQL draws the meals from these rows. */
export interface DinerPlan {
  n: number
  elderId: string
  facilityId: string
  priceFen: number
  /** Mean 1: how often this elder comes compared with others. */
  intensity: number
  frail: boolean
  categoryFen: number
  categoryRuleId: string | null
  turns60: string
  turns80: string
  turns90: string
  /** Day indexes (0 = 1 January) of the first and last day the elder can eat there. */
  firstDay: number
  lastDay: number
  /** First day the elder pays meals by card; null when never. */
  cardFrom: string | null
}

export interface SubsidyRulePlan extends SubsidyRuleCreate {
  id: string
}

export interface LoadPlan {
  year: number
  sizes: LoadSizes
  towns: TownPlan[]
  communities: CommunityPlan[]
  population: PopulationPlan[]
  facilities: FacilityPlan[]
  institutions: InstitutionPlan[]
  bedReports: BedReportPlan[]
  starRatings: StarRatingPlan[]
  subsidyRules: SubsidyRulePlan[]
  allowanceRules: ((typeof DEMO_ALLOWANCE_RULES)[number] & { id: string })[]
  elders: ElderPlan[]
  cards: CardPlan[]
  servicePayments: ServicePaymentPlan[]
  diners: DinerPlan[]
  /** Relative turnout of each day of the year (weekends lower). */
  dayWeights: number[]
  /** Scales a diner's intensity × day weight × slot weight to a meal probability that gives `sizes.meals` meals. */
  mealRate: number
}

export const SLOT_WEIGHTS: Record<MealSlot, number> = { breakfast: 0.3, lunch: 1, dinner: 0.4 }
export const SERVICE_TYPES = ['助浴', '助洁', '助医', '康复护理', '陪护']

const ISLANDS = ['金塘岛', '六横岛', '桃花岛', '虾峙岛', '岱山岛', '衢山岛', '秀山岛', '长涂岛', '泗礁岛', '嵊山岛', '花鸟岛', '枸杞岛']
const PLACE_A = '东西南北新老大小上下前后金银白青长平安永兴和'
const PLACE_B = '山海港湾桥塘溪岙浦岭田沙河林石岗洋湖泉门'
const MEAL_TYPES: [FacilityType, number][] = [
  ['canteen', 0.36],
  ['meal_point', 0.3],
  ['mutual_aid_point', 0.19],
  ['care_center', 0.15],
]
const SUFFIX: Record<FacilityType, string> = {
  canteen: '幸福食堂',
  central_kitchen: '中央厨房',
  care_center: '居家养老服务照料中心',
  mutual_aid_point: '邻里互助点',
  meal_point: '助餐服务点',
  institution: '养老院',
}
const OPERATORS = ['区社会福利中心', '颐康养老服务有限公司', '区慈善总会', '安康餐饮管理有限公司', '村（居）委会自营']
const ASSESSORS = ['王建国', '李秀英', '陈志强', '周丽华', '张海峰', '吴晓燕']

const pad = (value: number, length: number) => String(value).padStart(length, '0')
const round = (value: number, digits: number) => Number(value.toFixed(digits))
const dayIndex = (year: number, day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000)
const randomDay = (random: Random, from: string, to: string) => addDays(from, random.int(0, dayIndex(Number(from.slice(0, 4)), to) - dayIndex(Number(from.slice(0, 4)), from)))
const placeName = (index: number) => PLACE_A[index % PLACE_A.length]! + PLACE_B[Math.floor(index / PLACE_A.length) % PLACE_B.length]!
const shuffled = <T>(items: T[], random: Random): T[] => {
  const result = [...items]
  for (let i = result.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[result[i], result[j]] = [result[j]!, result[i]!]
  }
  return result
}
/** The day `years` after `day` as `ageOn` counts birthdays: 29 February falls on 1 March in other years. */
const addYears = (day: string, years: number) => {
  const year = Number(day.slice(0, 4)) + years
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day.slice(5) === '02-29' && !leap ? `${year}-03-01` : `${year}${day.slice(4)}`
}

/** The tenant's code stands in for a province: 9-digit towns and 12-digit communities under it. */
function planRegions(code: string, sizes: LoadSizes, random: Random) {
  const islandTowns = Math.max(1, Math.round(sizes.towns * 0.1))
  const towns: TownPlan[] = Array.from({ length: sizes.towns }, (_, t) => {
    const onIsland = t >= sizes.towns - islandTowns
    const island = onIsland ? ISLANDS[(t - (sizes.towns - islandTowns)) % ISLANDS.length]! : null
    // Town 001 is a town and town 100 the first island town, like the test helper's sample district.
    const kind = !onIsland && t % 3 === 1 ? 'subdistrict' : 'town'
    const name = `${placeName(t)}${kind === 'subdistrict' ? '街道' : '镇'}`
    return { code: `${code}${pad(onIsland ? 100 + t - (sizes.towns - islandTowns) : t + 1, 3)}`, name, kind, island }
  })
  const communities: CommunityPlan[] = []
  towns.forEach((town, t) => {
    const count = Math.floor(sizes.communities / sizes.towns) + (t < sizes.communities % sizes.towns ? 1 : 0)
    const urban = town.kind === 'subdistrict' ? count : town.island ? 0 : Math.max(1, Math.round(count * 0.25))
    const centre = { latitude: town.island ? 29.6 + random.next() * 1.2 : 28.2 + random.next() * 2.4, longitude: town.island ? 121.9 + random.next() * 0.8 : 119.2 + random.next() * 2.4 }
    for (let c = 0; c < count; c++) {
      const kind = c < urban ? 'community' : 'village'
      const located = random.chance(0.92)
      const uncoveredChance = kind === 'community' ? 0.05 : town.island ? 0.3 : 0.2
      const population60Plus = kind === 'village' ? random.int(250, 1100) : town.kind === 'subdistrict' ? random.int(900, 3000) : random.int(700, 2000)
      communities.push({
        code: `${town.code}${pad(kind === 'community' ? c + 1 : 200 + c - urban, 3)}`,
        name: `${placeName(t * 7 + c * 3 + 5)}${kind === 'community' ? '社区居委会' : '村委会'}`,
        townCode: town.code,
        kind,
        island: town.island,
        latitude: located ? round(centre.latitude + (random.next() - 0.5) * 0.12, 6) : null,
        longitude: located ? round(centre.longitude + (random.next() - 0.5) * 0.12, 6) : null,
        covered: !random.chance(uncoveredChance),
        population60Plus,
      })
    }
  })
  if (!communities.some((community) => community.covered)) communities[0]!.covered = true
  return { towns, communities }
}

/** Registered and resident figures for the year and the year before, within the CHECK (80+ ≤ 60+ ≤ total). */
function planPopulation(communities: CommunityPlan[], year: number, random: Random): PopulationPlan[] {
  return communities.flatMap((community) => {
    const share80 = 0.12 + random.next() * 0.08
    const share60 = 0.2 + random.next() * 0.13
    const resident = 0.85 + random.next() * 0.25
    return [year - 1, year].flatMap((y) =>
      (['registered', 'resident'] as const).map((basis) => {
        const factor = basis === 'resident' ? resident : 1
        const population60Plus = Math.round(community.population60Plus * factor * (y === year ? 1 : 0.97))
        return {
          communityCode: community.code,
          year: y,
          basis,
          population60Plus,
          population80Plus: Math.round(population60Plus * share80),
          populationTotal: Math.round((community.population60Plus / share60) * factor),
        }
      }),
    )
  })
}

function planFacilities(code: string, sizes: LoadSizes, year: number, communities: CommunityPlan[], random: Random): FacilityPlan[] {
  const covered = shuffled(
    communities.filter((community) => community.covered),
    random,
  )
  const byName = new Map<string, number>()
  const facility = (type: FacilityType, host: CommunityPlan, fields: Partial<FacilityPlan>, suffix = SUFFIX[type]): FacilityPlan => {
    const base = `${communityKey(host.name)}${suffix}`
    const seen = (byName.get(base) ?? 0) + 1
    byName.set(base, seen)
    return {
      id: uuidv7(),
      name: seen === 1 ? base : `${base}（${seen}）`,
      type,
      communityCode: host.code,
      address: `${communityKey(host.name)}${random.int(1, 288)}号`,
      latitude: round((host.latitude ?? 29.5) + (random.next() - 0.5) * 0.02, 6),
      longitude: round((host.longitude ?? 121) + (random.next() - 0.5) * 0.02, 6),
      operatorOrg: `${code.slice(0, 4)}${random.pick(OPERATORS)}`,
      openedOn: randomDay(random, `${year - 8}-01-01`, `${year - 1}-12-28`),
      closedOn: null,
      mealSlots: [],
      mealModes: [],
      dailyCapacity: {},
      tags: [],
      supplierKitchenId: null,
      serviceArea: [],
      priceFen: 0,
      ...fields,
    }
  }
  const nonInstitutions = sizes.facilities - sizes.institutions
  const kitchens = Array.from({ length: Math.max(1, Math.round(nonInstitutions * 0.03)) }, (_, k) =>
    facility('central_kitchen', communities[Math.floor(((k + 0.5) * communities.length) / Math.max(1, Math.round(nonInstitutions * 0.03)))]!, {}),
  )
  const kitchenOfTown = new Map(kitchens.map((kitchen) => [kitchen.communityCode.slice(0, 9), kitchen.id]))
  const coveredByTown = new Map<string, CommunityPlan[]>()
  for (const community of covered) coveredByTown.set(community.townCode, [...(coveredByTown.get(community.townCode) ?? []), community])

  const meals: FacilityPlan[] = []
  for (let j = 0; j < nonInstitutions - kitchens.length; j++) {
    const host = covered[j % covered.length]!
    // The first facility of a covered community nearly always opened before the year; others may open during it.
    const primary = j < covered.length
    let roll = random.next()
    const type = MEAL_TYPES.find(([, share]) => (roll -= share) <= 0)?.[0] ?? 'canteen'
    const openedOn = random.chance(primary ? 0.05 : 0.2) ? randomDay(random, `${year}-01-10`, `${year}-11-30`) : randomDay(random, `${year - 8}-01-01`, `${year - 1}-12-28`)
    const closes = random.chance(primary ? 0.01 : 0.03) && openedOn < `${year}-01-01`
    const mealSlots: MealSlot[] =
      type === 'canteen' ? (random.chance(0.1) ? ['breakfast', 'lunch', 'dinner'] : random.chance(0.4) ? ['lunch', 'dinner'] : ['lunch']) : type === 'care_center' && random.chance(0.3) ? ['lunch', 'dinner'] : ['lunch']
    const mealModes: MealMode[] =
      type === 'meal_point' ? ['dine_in', 'pickup'] : type === 'mutual_aid_point' ? (random.chance(0.3) ? ['dine_in', 'delivery'] : ['dine_in']) : random.chance(0.6) ? ['dine_in', 'delivery'] : ['dine_in', 'pickup']
    const neighbours = (coveredByTown.get(host.townCode) ?? []).filter((community) => community.code !== host.code)
    meals.push(
      facility(type, host, {
        openedOn,
        closedOn: closes ? randomDay(random, `${year}-03-01`, `${year}-10-31`) : null,
        mealSlots,
        mealModes,
        dailyCapacity: Object.fromEntries(mealSlots.map((slot) => [slot, random.int(40, 200)])),
        tags: type === 'care_center' ? [...(random.chance(0.3) ? (['happiness_hub'] as const) : []), ...(random.chance(0.25) ? (['health_union'] as const) : [])] : [],
        supplierKitchenId: type === 'meal_point' ? (kitchenOfTown.get(host.townCode) ?? kitchens[j % kitchens.length]!.id) : null,
        serviceArea: [host.code, ...(neighbours.length > 0 && random.chance(0.3) ? [random.pick(neighbours).code] : [])],
        priceFen: random.pick(type === 'mutual_aid_point' ? [800, 1000] : type === 'meal_point' ? [1000, 1200] : [1000, 1200, 1500]),
      }),
    )
  }
  const institutions = Array.from({ length: sizes.institutions }, (_, i) =>
    facility(
      'institution',
      communities[Math.floor(((i + 0.5) * communities.length) / sizes.institutions)]!,
      { openedOn: randomDay(random, `${year - 15}-01-01`, `${year - 2}-12-28`), tags: random.chance(0.4) ? ['health_union'] : [] },
      i % 2 === 0 ? '颐养院' : '敬老院',
    ),
  )
  return [...kitchens, ...meals, ...institutions]
}

/** A month's figures near the last ones: beds rarely change, occupancy and staff drift a little. */
function nextFigures(last: BedFigures | null, random: Random): BedFigures {
  const totalBeds = last?.totalBeds ?? random.int(5, 40) * 10
  const nursingBeds = last?.nursingBeds ?? Math.round(totalBeds * (0.4 + random.next() * 0.4))
  const dementiaBeds = last?.dementiaBeds ?? (random.chance(0.6) ? Math.round(totalBeds * random.next() * 0.15) : 0)
  const closedBeds = random.chance(0.15) ? random.int(1, Math.max(1, Math.floor(totalBeds / 20))) : 0
  const drift = Math.max(1, Math.round(totalBeds / 50))
  const occupiedBeds = Math.max(0, Math.min(totalBeds - closedBeds, last ? last.occupiedBeds + random.int(-drift, drift) : Math.round((totalBeds - closedBeds) * (0.6 + random.next() * 0.35))))
  const occupiedNursingBeds = Math.min(nursingBeds, Math.round(occupiedBeds * (nursingBeds / totalBeds)))
  const occupiedDementiaBeds = Math.min(dementiaBeds, occupiedBeds - occupiedNursingBeds, Math.round(dementiaBeds * 0.8))
  const residentsDependent = Math.round(occupiedBeds * 0.35)
  const residentsPartlyDependent = Math.round(occupiedBeds * 0.3)
  const caregivers = Math.max(2, last ? last.caregivers + random.int(-1, 1) : Math.round(occupiedBeds / (3 + random.next() * 2)))
  return {
    totalBeds,
    nursingBeds,
    dementiaBeds,
    closedBeds,
    occupiedBeds,
    occupiedNursingBeds,
    occupiedDementiaBeds,
    residentsSelfCare: occupiedBeds - residentsDependent - residentsPartlyDependent,
    residentsPartlyDependent,
    residentsDependent,
    certifiedCaregivers: Math.min(caregivers, last ? last.certifiedCaregivers + random.int(0, 1) : Math.round(caregivers * (0.6 + random.next() * 0.4))),
    caregivers,
  }
}

/**
 * Profiles, 24 months of bed reports (the year and the one before: approved about a week after the month,
 * one in twenty stopped filing after September, one in twenty has November waiting for review) and star
 * ratings for three in four, some re-rated.
 */
function planInstitutions(code: string, year: number, facilities: FacilityPlan[], random: Random) {
  const institutions: InstitutionPlan[] = []
  const bedReports: BedReportPlan[] = []
  const starRatings: StarRatingPlan[] = []
  const ownerships: InstitutionOwnership[] = ['public', 'public', 'public', 'private', 'private', 'private', 'public_built_private_run']
  facilities
    .filter((facility) => facility.type === 'institution')
    .forEach((facility, i) => {
      let last: { figures: BedFigures; changedAt: Record<string, string> } | null = null
      for (let period = `${year - 1}-01`; period <= `${year}-12`; period = nextMonth(period)) {
        if (i % 20 === 7 && period > `${year}-09`) break
        const figures = nextFigures(last?.figures ?? null, random)
        if (checkBedFigures(figures).length > 0) throw new Error(`planned bed figures break the rules: ${JSON.stringify(figures)}`)
        const submittedAt = shanghaiDayStart(`${nextMonth(period)}-01`, random.int(1, 8))
        const waiting = i % 20 === 13 && period === `${year}-11`
        const changedAt = figureChangedAt(figures, last, null, submittedAt)
        bedReports.push({ id: uuidv7(), facilityId: facility.id, period, status: waiting ? 'submitted' : 'approved', ...figures, figureChangedAt: changedAt, submittedAt, decidedAt: waiting ? null : new Date(submittedAt.getTime() + random.int(1, 5) * 86_400_000) })
        if (!waiting) last = { figures, changedAt }
      }
      institutions.push({
        facilityId: facility.id,
        ownership: ownerships[i % ownerships.length]!,
        licenceNo: `浙民养备${code}${pad(i + 1, 4)}`,
        licensedOn: facility.openedOn,
        licensedBeds: last?.figures.totalBeds ?? 0,
      })
      if (i % 4 === 3) return
      const first = randomDay(random, `${year - 5}-01-01`, `${year - 1}-06-30`)
      const assessments = random.chance(0.4) ? [first, randomDay(random, addYears(first, 2), `${year}-10-31`)].filter((day) => day <= `${year}-10-31`) : [first]
      assessments.forEach((assessedOn, k) => {
        const total = 300 + random.int(0, 12) * 50
        const sectionScores = DEFAULT_INSTITUTION_SETTINGS.ratingSections.map((section) => ({ ...section, score: Math.round((section.maxPoints * total) / 1000) }))
        const totalScore = sectionScores.reduce((sum, section) => sum + section.score, 0)
        const scoredGrade = gradeForScore(totalScore, DEFAULT_INSTITUTION_SETTINGS.gradeThresholds)
        starRatings.push({
          id: uuidv7(),
          facilityId: facility.id,
          assessedOn,
          assessors: [ASSESSORS[(i + k) % ASSESSORS.length]!, ASSESSORS[(i + k + 2) % ASSESSORS.length]!],
          sectionScores,
          totalScore,
          scoredGrade,
          grade: awardedGrade(scoredGrade, k === 0, DEFAULT_INSTITUTION_SETTINGS.firstRatingMaxGrade),
          firstRating: k === 0,
          validUntil: ratingValidUntil(assessedOn, DEFAULT_INSTITUTION_SETTINGS.ratingValidityYears),
        })
      })
    })
  return { institutions, bedReports, starRatings }
}

/** Turnout per day of the year: weekdays 1, Saturdays 0.5, Sundays 0.4. */
function dayWeights(year: number): number[] {
  const days = dayIndex(year, `${year + 1}-01-01`)
  return Array.from({ length: days }, (_, i) => [0.4, 1, 1, 1, 1, 1, 0.5][new Date(Date.UTC(year, 0, 1 + i)).getUTCDay()]!)
}

export function planLoad(code: string, sizes: LoadSizes, year: number, random: Random): LoadPlan {
  const { towns, communities } = planRegions(code, sizes, random)
  const population = planPopulation(communities, year, random)
  const facilities = planFacilities(code, sizes, year, communities, random)
  const { institutions, bedReports, starRatings } = planInstitutions(code, year, facilities, random)
  const subsidyRules = DEMO_SUBSIDY_RULES.map((rule) => ({ ...rule, id: uuidv7(), validFrom: `${year - 1}-01-01` }))
  const allowanceRules = DEMO_ALLOWANCE_RULES.map((rule) => ({ ...rule, id: uuidv7() }))

  // Elders live where the 60+ population is: the demo's roster generator draws from a weighted list.
  const weighted = communities.flatMap((community) => Array.from({ length: Math.max(1, Math.round(community.population60Plus / 50)) }, () => community.code))
  const elders: ElderPlan[] = demoElders(weighted, sizes.elders, random).map((person) => {
    const roll = random.next()
    const status = roll < 0.02 ? 'deceased' : roll < 0.03 ? 'in_institution' : roll < 0.04 ? 'moved_away' : 'active'
    // Categories begin before the year, so a meal's subsidy tier is the same all year.
    const categories = person.categories.map((category) => ({ ...category, startOn: category.startOn < `${year}-01-01` ? category.startOn : `${year - 1}-06-01` }))
    return { id: uuidv7(), person: { ...person, categories }, birthDate: idNumberBirthDate(person.idNumber)!, status, deceasedOn: status === 'deceased' ? randomDay(random, `${year}-01-05`, `${year}-12-20`) : null }
  })

  const active = elders.filter((elder) => elder.status === 'active')
  const cardShare = Math.min(1, (0.3 * elders.length) / active.length)
  const cards: CardPlan[] = []
  const cardOf = new Map<string, CardPlan>()
  for (const elder of active) {
    if (!random.chance(cardShare)) continue
    const issuedOn = random.chance(0.75) ? randomDay(random, `${year - 4}-01-01`, `${year - 1}-12-31`) : randomDay(random, `${year}-01-02`, `${year}-11-30`)
    const card: CardPlan = { id: uuidv7(), cardNo: `${code}${pad(cards.length + 1, 8)}`, elderId: elder.id, issuedOn, status: random.chance(0.01) ? 'frozen' : 'active' }
    cards.push(card)
    cardOf.set(elder.id, card)
  }

  const servingFacilities = new Map<string, FacilityPlan[]>()
  for (const facility of facilities) for (const communityCode of facility.serviceArea) servingFacilities.set(communityCode, [...(servingFacilities.get(communityCode) ?? []), facility])
  const weights = dayWeights(year)
  // prefix[i] = the weights of days 0..i-1 added up.
  const prefix = [0]
  for (const weight of weights) prefix.push(prefix.at(-1)! + weight)
  const tierOf = (elder: ElderPlan) =>
    subsidyRules
      .filter((rule) => rule.kind === 'category' && elder.person.categories.some((category) => category.category === (rule.category as ElderCategory)))
      .sort((a, b) => b.amountFen - a.amountFen || a.id.localeCompare(b.id))[0]
  const diners: DinerPlan[] = []
  const cardPayers = new Set<string>()
  let expected = 0
  for (const elder of elders) {
    const serving = servingFacilities.get(elder.person.communityCode)
    if (!serving || (elder.status !== 'active' && elder.status !== 'deceased') || !random.chance(0.45)) continue
    const facility = random.pick(serving)
    const firstDay = Math.max(0, dayIndex(year, facility.openedOn))
    const lastDay = Math.min(weights.length, facility.closedOn ? dayIndex(year, facility.closedOn) : weights.length, elder.deceasedOn ? dayIndex(year, elder.deceasedOn) : weights.length) - 1
    if (lastDay < firstDay) continue
    const card = cardOf.get(elder.id)
    const paysByCard = card?.status === 'active' && random.chance(0.6)
    if (paysByCard) cardPayers.add(card.id)
    const tier = tierOf(elder)
    const intensity = 0.3 + 1.7 * random.next() ** 1.5
    expected += intensity * (prefix[lastDay + 1]! - prefix[firstDay]!) * facility.mealSlots.reduce((sum, slot) => sum + SLOT_WEIGHTS[slot], 0)
    diners.push({
      n: diners.length,
      elderId: elder.id,
      facilityId: facility.id,
      priceFen: facility.priceFen,
      intensity,
      frail: ageOn(elder.birthDate, `${year}-07-01`) >= 80 || elder.person.categories.some((category) => category.category === 'disabled'),
      categoryFen: tier?.amountFen ?? 0,
      categoryRuleId: tier?.id ?? null,
      turns60: addYears(elder.birthDate, 60),
      turns80: addYears(elder.birthDate, 80),
      turns90: addYears(elder.birthDate, 90),
      firstDay,
      lastDay,
      cardFrom: paysByCard ? addDays(card.issuedOn, 1) : null,
    })
  }

  // Card holders who do not pay meals by card pay for home services now and then, at a care centre of their town.
  const elderById = new Map(elders.map((elder) => [elder.id, elder]))
  const providers = facilities.filter((facility) => facility.type === 'care_center')
  const providerPool = providers.length > 0 ? providers : facilities.filter((facility) => facility.mealSlots.length > 0)
  const servicePayments: ServicePaymentPlan[] = []
  for (const card of cards) {
    if (card.status !== 'active' || cardPayers.has(card.id) || !random.chance(0.4)) continue
    const town = elderById.get(card.elderId)!.person.communityCode.slice(0, 9)
    const local = providerPool.filter((facility) => facility.communityCode.startsWith(town))
    const provider = random.pick(local.length > 0 ? local : providerPool)
    const from = addDays(card.issuedOn > `${year}-01-01` ? card.issuedOn : `${year}-01-01`, 1)
    for (let k = random.int(1, 8); k > 0; k--) {
      const day = randomDay(random, from, `${year}-12-31`)
      if (day < provider.openedOn || (provider.closedOn !== null && day >= provider.closedOn)) continue
      servicePayments.push({
        cardId: card.id,
        facilityId: provider.id,
        paidAt: new Date(shanghaiDayStart(day).getTime() + random.int(8 * 60, 17 * 60) * 60_000),
        amountFen: 2000 + random.int(0, 12) * 500,
        serviceType: random.pick(SERVICE_TYPES),
      })
    }
  }

  return {
    year,
    sizes,
    towns,
    communities,
    population,
    facilities,
    institutions,
    bedReports,
    starRatings,
    subsidyRules,
    allowanceRules,
    elders,
    cards,
    servicePayments,
    diners,
    dayWeights: weights,
    mealRate: expected > 0 ? sizes.meals / expected : 0,
  }
}

/** The region list in the import format of `dinghai-regions.csv`, for the regions service's own import. */
export function regionCsv(code: string, plan: Pick<LoadPlan, 'towns' | 'communities'>): string {
  const lines = ['code,name,level,parent_code,kind,island', `${code},负载测试区,district,${code.slice(0, 4)}00,district,`]
  for (const town of plan.towns) {
    lines.push(`${town.code},${town.name},town,${code},${town.kind},${town.island ?? ''}`)
    for (const community of plan.communities.filter((c) => c.townCode === town.code)) {
      lines.push(`${community.code},${community.name},community,${town.code},${community.kind},${community.island ?? ''}`)
    }
  }
  return lines.join('\n')
}
