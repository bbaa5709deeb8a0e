import type { ElderCategory } from './schemas/elders.js'
import type { MealMode } from './schemas/facilities.js'
import type { SubsidyRuleKind } from './schemas/meals.js'

/*
 * The subsidy of a meal, as pure code: the server computes it when it stores a meal, and an offline
 * counter computes it on the device from its snapshot. Both must get the same figure from the same facts.
 */

/** The fields of a subsidy rule the calculation needs. */
export interface SubsidyRuleTerms {
  id: string
  kind: SubsidyRuleKind
  category: string | null
  minAge: number | null
  amountFen: number
  validFrom: string
  validTo: string | null
}

export interface MealSubsidyInput {
  priceFen: number
  mode: MealMode
  /** Age on the day of the meal. */
  age: number
  /** Categories the elder holds on the day of the meal. */
  categories: readonly ElderCategory[]
  /** Rules in force on the day of the meal (see `rulesInForce`). */
  rules: readonly SubsidyRuleTerms[]
  /** False when the operator records a meal without subsidy. */
  subsidised: boolean
}

export interface MealSubsidy {
  subsidyFen: number
  selfPayFen: number
  /** The rules the subsidy came from: the winning tier and, for delivery, the extra. */
  ruleIds: string[]
}

/** Rules whose period contains `day` (both ends inclusive). */
export function rulesInForce<R extends SubsidyRuleTerms>(rules: readonly R[], day: string): R[] {
  return rules.filter((rule) => rule.validFrom <= day && (rule.validTo === null || rule.validTo >= day))
}

/** Highest amount wins; among equal amounts the smallest id, so the same inputs always name the same rule. */
function best(rules: SubsidyRuleTerms[]): SubsidyRuleTerms | undefined {
  return [...rules].sort((a, b) => b.amountFen - a.amountFen || a.id.localeCompare(b.id))[0]
}

/**
 * The subsidy of one meal: the highest category or age tier the elder qualifies for, plus the
 * delivery extra on a delivered meal of a subsidised elder, never more than the price.
 */
export function computeMealSubsidy(input: MealSubsidyInput): MealSubsidy {
  const none = { subsidyFen: 0, selfPayFen: input.priceFen, ruleIds: [] }
  if (!input.subsidised) return none
  const tier = best(
    input.rules.filter(
      (rule) =>
        (rule.kind === 'category' && rule.category !== null && input.categories.includes(rule.category as ElderCategory)) ||
        (rule.kind === 'age' && rule.minAge !== null && input.age >= rule.minAge),
    ),
  )
  if (!tier || tier.amountFen === 0) return none
  const extra = input.mode === 'delivery' ? best(input.rules.filter((rule) => rule.kind === 'delivery_extra')) : undefined
  const subsidyFen = Math.min(input.priceFen, tier.amountFen + (extra?.amountFen ?? 0))
  return { subsidyFen, selfPayFen: input.priceFen - subsidyFen, ruleIds: extra ? [tier.id, extra.id] : [tier.id] }
}

/** Whole years from `birthDate` to `day`, both `YYYY-MM-DD`. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/** A category an elder holds from `startOn` to `endOn` (inclusive; null = open). */
export interface DatedCategory {
  category: string
  startOn: string
  endOn: string | null
}

/** The categories an elder holds on `day`. */
export function categoriesOn(categories: readonly DatedCategory[], day: string): ElderCategory[] {
  return categories.filter((c) => c.startOn <= day && (c.endOn === null || c.endOn >= day)).map((c) => c.category as ElderCategory)
}

/** An elder as the subsidy sees them: age on the day of the meal and dated categories. */
export interface SubsidyElder {
  age: number
  categories: readonly DatedCategory[]
}

export interface SubsidyMeal {
  priceFen: number
  mode: MealMode
  servedOn: string
  /** False when the operator records a meal without subsidy. Default true. */
  subsidised?: boolean
}

/**
 * The subsidy of one meal of one elder under a tenant's rules: what the server stores and what an
 * offline counter shows, from the same facts.
 */
export function mealSubsidyFor(elder: SubsidyElder, meal: SubsidyMeal, rules: readonly SubsidyRuleTerms[]): MealSubsidy {
  return computeMealSubsidy({
    priceFen: meal.priceFen,
    mode: meal.mode,
    age: elder.age,
    categories: categoriesOn(elder.categories, meal.servedOn),
    rules: rulesInForce(rules, meal.servedOn),
    subsidised: meal.subsidised ?? true,
  })
}

/** A price of a facility's list: for a slot and mode from a day on. */
export interface DatedPrice {
  slot: string
  mode: string
  priceFen: number
  validFrom: string
}

/** The price in force on `day` for a slot and mode (the latest that started on or before it), or null. */
export function priceOn(prices: readonly DatedPrice[], slot: string, mode: string, day: string): number | null {
  let found: DatedPrice | null = null
  for (const price of prices) {
    if (price.slot !== slot || price.mode !== mode || price.validFrom > day) continue
    if (!found || price.validFrom > found.validFrom) found = price
  }
  return found?.priceFen ?? null
}
