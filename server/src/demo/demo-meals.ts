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
