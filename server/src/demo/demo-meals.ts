import { randomUUID } from 'node:crypto'
import type { DisabilityLevel, ElderCategory, MealMode, MealSlot, PaymentMethod, SubsidyRuleCreate } from '@eldercare/shared'
import { addDays, ageOn } from '../http/dates.js'
import { computeMealSubsidy, rulesInForce, type SubsidyRuleTerms } from '@eldercare/shared'
import type { Random } from './random.js'

/** Dinghai-like subsidy tiers, in fen, in force since the start of 2024. */
export const DEMO_SUBSIDY_RULES: SubsidyRuleCreate[] = [
  { name: '60周岁以上老人', kind: 'age', minAge: 60, amountFen: 300, validFrom: '2024-01-01' },
  { name: '80周岁以上高龄老人', kind: 'age', minAge: 80, amountFen: 500, validFrom: '2024-01-01' },
  { name: '90周岁以上高龄老人', kind: 'age', minAge: 90, amountFen: 700, validFrom: '2024-01-01' },
  { name: '特困供养人员', kind: 'category', category: 'destitute', amountFen: 1000, validFrom: '2024-01-01' },
  { name: '低保对象', kind: 'category', category: 'minimum_livelihood', amountFen: 600, validFrom: '2024-01-01' },
  { name: '失能老人', kind: 'category', category: 'disabled', amountFen: 600, validFrom: '2024-01-01' },
  { name: '独居老人', kind: 'category', category: 'living_alone', amountFen: 400, validFrom: '2024-01-01' },
  { name: '送餐上门补贴', kind: 'delivery_extra', amountFen: 200, validFrom: '2024-01-01' },
]

export interface DemoMealFacility {
  id: string
  mealSlots: MealSlot[]
  mealModes: MealMode[]
  openedOn: string
  serviceArea: string[]
  /** The island of the facility's community; null is the main island. */
  island: string | null
}

export interface DemoMealElder {
  id: string
  communityCode: string
  birthDate: string
  categories: { category: ElderCategory; level: DisabilityLevel | null; startOn: string }[]
}

const PAYMENTS: [PaymentMethod, number][] = [
  ['cash', 0.5],
  ['wechat', 0.38],
  ['alipay', 0.12],
]

function pickPayment(random: Random): PaymentMethod {
  let roll = random.next()
  for (const [method, share] of PAYMENTS) {
    roll -= share
    if (roll <= 0) return method
  }
  return 'cash'
}

/** When a counter records a meal of a slot: around its serving time, spread by the meal's number. */
const SLOT_HOUR: Record<MealSlot, number> = { breakfast: 7, lunch: 11, dinner: 17 }
const recordedAround = (day: string, slot: MealSlot, spread: number) => new Date(Date.parse(`${day}T${String(SLOT_HOUR[slot]).padStart(2, '0')}:00:00+08:00`) + (spread % 90) * 60_000)

/**
 * Meals of the last `days` days (up to yesterday): each facility has regulars from the communities it
 * serves who come most weekdays and less at weekends; frail elders get meals delivered where offered.
 */
export function demoMeals(
  facilities: DemoMealFacility[],
  elders: DemoMealElder[],
  rules: SubsidyRuleTerms[],
  today: string,
  days: number,
  random: Random,
) {
  const byCommunity = new Map<string, DemoMealElder[]>()
  for (const elder of elders) byCommunity.set(elder.communityCode, [...(byCommunity.get(elder.communityCode) ?? []), elder])
  const dates = Array.from({ length: days }, (_, i) => addDays(today, i - days))
  const taken = new Set<string>()
  const meals = []
  for (const facility of facilities) {
    const regulars = facility.serviceArea.flatMap((code) => byCommunity.get(code) ?? []).filter(() => random.chance(0.4))
    const price = random.pick([1000, 1200, 1500])
    for (const day of dates) {
      if (day < facility.openedOn) continue
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
      const turnout = weekday === 0 || weekday === 6 ? 0.45 : 0.85
      for (const elder of regulars) {
        for (const slot of facility.mealSlots) {
          if (!random.chance(slot === 'lunch' ? turnout : turnout * 0.35)) continue
          const key = `${elder.id}:${day}:${slot}`
          const subsidised = !taken.has(key)
          taken.add(key)
          const categories = elder.categories.filter((c) => c.startOn <= day).map((c) => c.category)
          const age = ageOn(elder.birthDate, day)
          const frail = age >= 80 || categories.includes('disabled')
          const mode: MealMode = frail && facility.mealModes.includes('delivery') && random.chance(0.6) ? 'delivery' : facility.mealModes[0]!
          const subsidy = computeMealSubsidy({ priceFen: price, mode, age, categories, rules: rulesInForce(rules, day), subsidised })
          meals.push({
            recordedAt: recordedAround(day, slot, meals.length * 37),
            collectedByDelegateId: null as string | null,
            id: randomUUID(),
            elderId: elder.id,
            facilityId: facility.id,
            servedOn: day,
            slot,
            mode,
            priceFen: price,
            subsidyFen: subsidy.subsidyFen,
            selfPayFen: subsidy.selfPayFen,
            paymentMethod: pickPayment(random),
            subsidised: subsidy.subsidyFen > 0,
            subsidySeq: subsidy.subsidyFen > 0 ? 1 : null,
            subsidyRuleIds: subsidy.ruleIds,
          })
        }
      }
    }
  }
  return meals
}

export type DemoMeal = ReturnType<typeof demoMeals>[number]

/** A delegate (代领人) the demo gives an elder, who collects the meals the pick-up point records. */
export interface DemoDelegate {
  id: string
  elderId: string
  name: string
  relation: string
  consentOn: string
}

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`

/**
 * 防骗补 as a bureau meets it, planted in the demo's meals for the checks to find (nothing here writes a
 * finding): three elders of an outlying island fed lunch at home and, half an hour later, a dinner
 * recorded for them at a main-island canteen the ferry (90 minutes, a setting) cannot have brought them
 * to; and a pick-up point where delegates collect nearly every meal of five regulars, far above the
 * district's share (ended months only). Changes `meals` in place and returns the delegates to store.
 */
export function plantSubsidyCheckCases(meals: DemoMeal[], facilities: DemoMealFacility[], elders: DemoMealElder[], rules: SubsidyRuleTerms[], today: string): DemoDelegate[] {
  const byId = new Map(facilities.map((facility) => [facility.id, facility]))
  const elderById = new Map(elders.map((elder) => [elder.id, elder]))
  const canteenOn = (day: string) => facilities.find((facility) => facility.island === null && facility.openedOn <= day && facility.mealSlots.includes('dinner') && facility.mealModes.includes('dine_in'))
  // Latest first: each case falls on the last day on or before its date.
  const islandLunches = meals
    .filter((meal) => meal.slot === 'lunch' && meal.subsidyFen > 0 && byId.get(meal.facilityId)?.island)
    .sort((a, b) => b.servedOn.localeCompare(a.servedOn) || a.id.localeCompare(b.id))
  const taken = new Set(meals.map((meal) => `${meal.elderId}:${meal.servedOn}:${meal.slot}`))
  const planted = new Set<string>()
  for (const back of [35, 12, 5]) {
    const lunch = islandLunches.find((meal) => meal.servedOn <= addDays(today, -back) && !planted.has(meal.elderId) && !taken.has(`${meal.elderId}:${meal.servedOn}:dinner`))
    const canteen = lunch && canteenOn(lunch.servedOn)
    if (!lunch || !canteen) continue
    planted.add(lunch.elderId)
    const elder = elderById.get(lunch.elderId)!
    const categories = elder.categories.filter((c) => c.startOn <= lunch.servedOn).map((c) => c.category)
    const subsidy = computeMealSubsidy({ priceFen: lunch.priceFen, mode: 'dine_in', age: ageOn(elder.birthDate, lunch.servedOn), categories, rules: rulesInForce(rules, lunch.servedOn), subsidised: true })
    lunch.recordedAt = new Date(`${lunch.servedOn}T11:20:00+08:00`)
    meals.push({
      ...lunch,
      id: randomUUID(),
      facilityId: canteen.id,
      slot: 'dinner',
      mode: 'dine_in',
      subsidyFen: subsidy.subsidyFen,
      selfPayFen: subsidy.selfPayFen,
      subsidised: subsidy.subsidyFen > 0,
      subsidySeq: subsidy.subsidyFen > 0 ? 1 : null,
      subsidyRuleIds: subsidy.ruleIds,
      recordedAt: new Date(`${lunch.servedOn}T11:55:00+08:00`),
    })
  }

  const ended = (meal: DemoMeal) => meal.servedOn < firstOfMonth(today)
  const pickupPoints = facilities.filter((facility) => facility.mealModes.includes('pickup'))
  const mealsAt = (facilityId: string) => meals.filter((meal) => meal.facilityId === facilityId && ended(meal))
  const point = pickupPoints.map((facility) => ({ facility, meals: mealsAt(facility.id) })).sort((a, b) => b.meals.length - a.meals.length)[0]
  if (!point) return []
  const counts = new Map<string, number>()
  for (const meal of point.meals) counts.set(meal.elderId, (counts.get(meal.elderId) ?? 0) + 1)
  const regulars = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([elderId]) => elderId)
  const delegates = regulars.map((elderId, index) => ({ id: randomUUID(), elderId, name: ['王阿姨', '李师傅', '张大姐', '陈阿伯', '周嫂'][index]!, relation: '邻居', consentOn: addDays(today, -120) }))
  const delegateOf = new Map(delegates.map((delegate) => [delegate.elderId, delegate.id]))
  for (const meal of point.meals) {
    const delegateId = delegateOf.get(meal.elderId)
    if (!delegateId) continue
    meal.mode = 'pickup'
    meal.collectedByDelegateId = delegateId
  }
  return delegates
}
