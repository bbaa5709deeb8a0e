/** The work plan's indicators, in the order the bureau reports them (item numbers in domain.md). */
export const INDICATOR_KEYS = [
  'meal_coverage_rate',
  'new_meal_points',
  'happiness_hubs',
  'nursing_bed_share',
  'dementia_beds_per_10k',
  'public_institutions_rated_rate',
  'three_star_plus_share',
  'union_town_coverage_rate',
  'certified_caregivers_per_10k_elders',
  'care_card_users',
  'concentrated_care_coverage_rate',
] as const

/** `ratio`: numerator ÷ denominator (0..1); `count`: the numerator alone; `per_10k`: numerator ÷ denominator × 10,000. */
export const INDICATOR_UNITS = ['ratio', 'count', 'per_10k'] as const

/** `at_least`: value ≥ target value; `above_last_year`: value > the previous year's value at its year end. */
export const TARGET_COMPARATORS = ['at_least', 'above_last_year'] as const

/** 户籍 (registered) or 常住 (resident) population; which one the indicators use is a setting. */
export const POPULATION_BASES = ['registered', 'resident'] as const

/** Denominator of dementia-care beds per 10,000: people 60+ or the whole population. */
export const DEMENTIA_DENOMINATORS = ['population_60_plus', 'population_total'] as const

// Local names for the element types: the schemas (schemas/indicators.ts) build on these arrays, so the
// constants must not import the schemas' types back.
type IndicatorKey = (typeof INDICATOR_KEYS)[number]
type TargetComparator = (typeof TARGET_COMPARATORS)[number]
type IndicatorSettings = {
  populationBasis: (typeof POPULATION_BASES)[number]
  dementiaDenominator: (typeof DEMENTIA_DENOMINATORS)[number]
  staleMealDays: number
}

/**
 * The columns the population import reads; a file's header is matched to them. The community is named by
 * `community` or `communityCode`; `year`, when the file has one, must be the year imported.
 */
export const POPULATION_COLUMN_FIELDS = ['community', 'communityCode', 'year', 'population60Plus', 'population80Plus', 'populationTotal'] as const

/** The 2024 work plan's targets (定海区 2024 年养老服务工作要点), seeded for every tenant. */
export const WORK_PLAN_TARGETS: readonly { key: IndicatorKey; comparator: TargetComparator; value: number | null }[] = [
  { key: 'meal_coverage_rate', comparator: 'at_least', value: 0.8 },
  { key: 'new_meal_points', comparator: 'at_least', value: 16 },
  { key: 'happiness_hubs', comparator: 'at_least', value: 4 },
  { key: 'nursing_bed_share', comparator: 'at_least', value: 0.58 },
  { key: 'dementia_beds_per_10k', comparator: 'at_least', value: 17 },
  { key: 'public_institutions_rated_rate', comparator: 'at_least', value: 0.6 },
  { key: 'three_star_plus_share', comparator: 'above_last_year', value: null },
  { key: 'union_town_coverage_rate', comparator: 'at_least', value: 0.7 },
  { key: 'certified_caregivers_per_10k_elders', comparator: 'at_least', value: 24.5 },
  { key: 'care_card_users', comparator: 'above_last_year', value: null },
  { key: 'concentrated_care_coverage_rate', comparator: 'at_least', value: 0.9 },
]

export const DEFAULT_INDICATOR_SETTINGS: IndicatorSettings = { populationBasis: 'registered', dementiaDenominator: 'population_60_plus', staleMealDays: 7 }

export const COVERAGE_GROUPINGS = ['town', 'island', 'kind', 'community'] as const
