import type { ElderCategory, MealMode, SubsidyRuleKind } from '@eldercare/shared'

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
