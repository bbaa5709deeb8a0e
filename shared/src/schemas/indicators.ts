import { Type, type Static } from 'typebox'
import { CalendarDate, Text, Uuid } from './common.js'
import { ElderStatus, ImportColumnsNeeded } from './elders.js'
import { BedIndicators, RatingDistribution } from './institutions.js'
import { INDICATOR_KEYS, INDICATOR_UNITS, TARGET_COMPARATORS, POPULATION_BASES, POPULATION_COLUMN_FIELDS, COVERAGE_GROUPINGS, DEMENTIA_DENOMINATORS } from '../constants/indicators.js'

export const IndicatorKey = Type.Enum(INDICATOR_KEYS)
export type IndicatorKey = Static<typeof IndicatorKey>

export const IndicatorUnit = Type.Enum(INDICATOR_UNITS)
export type IndicatorUnit = Static<typeof IndicatorUnit>

export const TargetComparator = Type.Enum(TARGET_COMPARATORS)
export type TargetComparator = Static<typeof TargetComparator>

const Year = Type.Integer({ minimum: 2000, maximum: 2100 })
const TownCode = Type.String({ pattern: '^\\d{9}$' })
const CommunityCode = Type.String({ pattern: '^\\d{12}$' })
const Count = Type.Integer({ minimum: 0, maximum: 100_000_000 })

// ---------------------------------------------------------------- population statistics

export const PopulationBasis = Type.Enum(POPULATION_BASES)
export type PopulationBasis = Static<typeof PopulationBasis>

export const PopulationStat = Type.Object({
  communityCode: CommunityCode,
  communityName: Type.String(),
  townCode: TownCode,
  year: Year,
  basis: PopulationBasis,
  population60Plus: Count,
  population80Plus: Count,
  populationTotal: Count,
  updatedAt: Type.String({ format: 'date-time' }),
})
export type PopulationStat = Static<typeof PopulationStat>

export const PopulationStatQuery = Type.Object({ year: Year, basis: Type.Optional(PopulationBasis), townCode: Type.Optional(TownCode) }, { additionalProperties: false })
export type PopulationStatQuery = Static<typeof PopulationStatQuery>

export const PopulationStatEntry = Type.Object(
  { communityCode: CommunityCode, population60Plus: Count, population80Plus: Count, populationTotal: Count },
  { additionalProperties: false },
)
export type PopulationStatEntry = Static<typeof PopulationStatEntry>

/** Sets the figures of some communities for a year and basis; communities not named keep theirs. */
export const PopulationStatPut = Type.Object(
  { year: Year, basis: PopulationBasis, entries: Type.Array(PopulationStatEntry, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false },
)
export type PopulationStatPut = Static<typeof PopulationStatPut>

export const PopulationImportQuery = Type.Object({ year: Year, basis: PopulationBasis, dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export type PopulationImportQuery = Static<typeof PopulationImportQuery>

export const PopulationImportError = Type.Object({ row: Type.Integer(), column: Type.Optional(Type.String()), code: Type.String(), message: Type.String() })
export type PopulationImportError = Static<typeof PopulationImportError>

/** Nothing is stored when any row has an error: the bureau fixes the file and imports it again. */
export const PopulationImportResult = Type.Object({
  year: Year,
  basis: PopulationBasis,
  rows: Type.Integer(),
  imported: Type.Integer(),
  dryRun: Type.Boolean(),
  errors: Type.Array(PopulationImportError),
  /** Present when a required column could not be told: the user says which it is, then imports again. */
  columnsNeeded: Type.Optional(ImportColumnsNeeded),
})
export type PopulationImportResult = Static<typeof PopulationImportResult>

export type PopulationColumnField = (typeof POPULATION_COLUMN_FIELDS)[number]

/** Remembers what population headers mean for the tenant's imports, from now on. */
export const PopulationColumnMappingPut = Type.Object(
  { mappings: Type.Array(Type.Object({ header: Text({ maxLength: 100 }), field: Type.Enum(POPULATION_COLUMN_FIELDS) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
)
export type PopulationColumnMappingPut = Static<typeof PopulationColumnMappingPut>

export const PopulationColumnMappings = Type.Object({ mappings: Type.Array(Type.Object({ header: Type.String(), field: Type.Enum(POPULATION_COLUMN_FIELDS) })) })
export type PopulationColumnMappings = Static<typeof PopulationColumnMappings>

// ---------------------------------------------------------------- targets and settings

/** Whose target applies to a town: its own, or the district's when it has none (shown as 区级目标). */
export const TARGET_SCOPES = ['town', 'district'] as const
export const TargetScope = Type.Enum(TARGET_SCOPES)
export type TargetScope = Static<typeof TargetScope>

export const IndicatorTarget = Type.Object({
  year: Year,
  key: IndicatorKey,
  /** The town the target was set for; null for the district's. */
  townCode: Type.Union([TownCode, Type.Null()]),
  /** For a town asked about: `district` when it has no target of its own; always `district` for the district. */
  targetScope: TargetScope,
  comparator: TargetComparator,
  /** The goal for `at_least` (a ratio 0..1 for ratio indicators); null for `above_last_year`. */
  value: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
})
export type IndicatorTarget = Static<typeof IndicatorTarget>

/** With `townCode`: that town's targets, the district's standing in where it has none. */
export const TargetQuery = Type.Object({ year: Year, townCode: Type.Optional(TownCode) }, { additionalProperties: false })
export type TargetQuery = Static<typeof TargetQuery>

export const TargetPut = Type.Object(
  {
    year: Year,
    /** Sets a town's own targets; without it, the district's. */
    townCode: Type.Optional(TownCode),
    /** Keys whose town target is removed, so the district's applies again (only with `townCode`). */
    removeKeys: Type.Optional(Type.Array(IndicatorKey, { uniqueItems: true, maxItems: INDICATOR_KEYS.length })),
    targets: Type.Array(
      // Null first: the validator coerces types, and would turn a null into 0 if the number came first.
      Type.Object({ key: IndicatorKey, comparator: TargetComparator, value: Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 1e9 })]) }, { additionalProperties: false }),
      { maxItems: INDICATOR_KEYS.length },
    ),
  },
  { additionalProperties: false },
)
export type TargetPut = Static<typeof TargetPut>

/**
 * Copies one year's targets to another (a new year starts with last year's). Refused with 409
 * TARGETS_EXIST when `toYear` already has targets, unless `replace` says to overwrite them.
 */
export const TargetCopy = Type.Object({ fromYear: Year, toYear: Year, replace: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export type TargetCopy = Static<typeof TargetCopy>

export const IndicatorSettings = Type.Object(
  {
    /** Which population figures the per-10,000 indicators and the weighted coverage use. */
    populationBasis: PopulationBasis,
    /** Denominator of dementia-care beds per 10,000: people 60+ or the whole population. */
    dementiaDenominator: Type.Enum(DEMENTIA_DENOMINATORS),
    /** A meal facility with no meal recorded for this many days is flagged as "no data". */
    staleMealDays: Type.Integer({ minimum: 1, maximum: 90 }),
  },
  { additionalProperties: false },
)
export type IndicatorSettings = Static<typeof IndicatorSettings>

// ---------------------------------------------------------------- indicators

export const IndicatorQuery = Type.Object(
  {
    /** Defaults to the year of `asOf`, or this year. */
    year: Type.Optional(Year),
    /** Defaults to today within the current year, the year's last day for a past year. Must fall in `year`. */
    asOf: Type.Optional(CalendarDate),
    townCode: Type.Optional(TownCode),
  },
  { additionalProperties: false },
)
export type IndicatorQuery = Static<typeof IndicatorQuery>

/** The communities without a population figure for a year, on the basis the settings choose. */
export const MissingPopulation = Type.Object({
  year: Year,
  basis: PopulationBasis,
  communities: Type.Array(Type.Object({ code: CommunityCode, name: Type.String(), townName: Type.String() })),
})
export type MissingPopulation = Static<typeof MissingPopulation>

export const IndicatorValue = Type.Object({
  key: IndicatorKey,
  unit: IndicatorUnit,
  /** null when the denominator is zero (e.g. no population figure entered). */
  value: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Number(),
  /** null for counts. */
  denominator: Type.Union([Type.Number(), Type.Null()]),
  /** The target in force, with its value resolved (for `above_last_year`: last year's value); null when none is set. */
  target: Type.Union([Type.Object({ comparator: TargetComparator, value: Type.Union([Type.Number(), Type.Null()]) }), Type.Null()]),
  /** Whose target `target` is: the town's own, or the district's (a town without its own, or the district asked for). */
  targetScope: Type.Union([TargetScope, Type.Null()]),
  /** null when there is no target or nothing to compare. */
  met: Type.Union([Type.Boolean(), Type.Null()]),
  /** The same indicator on the same date a year earlier. */
  sameDateLastYear: Type.Union([Type.Number(), Type.Null()]),
  /**
   * Set on the per-population indicators when some communities have no population figure for the year:
   * the value is over the communities that have one, and `missingPopulation` names the others (a missing
   * figure is never counted as 0 silently).
   */
  partial: Type.Optional(Type.Literal(true)),
  missingPopulation: Type.Optional(MissingPopulation),
})
export type IndicatorValue = Static<typeof IndicatorValue>

export const IndicatorReport = Type.Object({
  year: Year,
  asOf: CalendarDate,
  townCode: Type.Union([TownCode, Type.Null()]),
  indicators: Type.Array(IndicatorValue),
})
export type IndicatorReport = Static<typeof IndicatorReport>

// ---------------------------------------------------------------- coverage

export const CoverageGrouping = Type.Enum(COVERAGE_GROUPINGS)
export type CoverageGrouping = Static<typeof CoverageGrouping>

export const CoverageQuery = Type.Object(
  { asOf: Type.Optional(CalendarDate), groupBy: Type.Optional(CoverageGrouping), townCode: Type.Optional(TownCode) },
  { additionalProperties: false },
)
export type CoverageQuery = Static<typeof CoverageQuery>

/** Covered ÷ total communities, and the same weighted by the elderly (60+) population where figures exist. */
export const CoverageFigures = Type.Object({
  covered: Type.Integer(),
  total: Type.Integer(),
  rate: Type.Union([Type.Number(), Type.Null()]),
  coveredElderly: Type.Integer(),
  elderly: Type.Integer(),
  weightedRate: Type.Union([Type.Number(), Type.Null()]),
})
export type CoverageFigures = Static<typeof CoverageFigures>

export const CoverageRow = Type.Object({
  /** Town code, island name ('' = the main island), urban/rural, or community code. */
  key: Type.String(),
  name: Type.String(),
  ...CoverageFigures.properties,
})
export type CoverageRow = Static<typeof CoverageRow>

export const UncoveredCommunity = Type.Object({
  communityCode: CommunityCode,
  name: Type.String(),
  townCode: TownCode,
  townName: Type.String(),
  island: Type.Union([Type.String(), Type.Null()]),
  urbanRural: Type.Enum(['urban', 'rural']),
  /** 60+ population of the year of `asOf`; null when not entered. */
  elderly: Type.Union([Type.Integer(), Type.Null()]),
  /** The nearest meal facility active on `asOf`, when the community and some facility have coordinates. */
  nearestFacility: Type.Union([Type.Object({ id: Uuid, name: Type.String(), distanceKm: Type.Number() }), Type.Null()]),
})
export type UncoveredCommunity = Static<typeof UncoveredCommunity>

export const Coverage = Type.Object({
  asOf: CalendarDate,
  townCode: Type.Union([TownCode, Type.Null()]),
  groupBy: CoverageGrouping,
  overall: CoverageFigures,
  urban: CoverageFigures,
  rural: CoverageFigures,
  rows: Type.Array(CoverageRow),
  /** Largest elderly population first; communities without a figure last. */
  uncovered: Type.Array(UncoveredCommunity),
})
export type Coverage = Static<typeof Coverage>

// ---------------------------------------------------------------- dashboard

export const DashboardQuery = Type.Object({ asOf: Type.Optional(CalendarDate), townCode: Type.Optional(TownCode) }, { additionalProperties: false })
export type DashboardQuery = Static<typeof DashboardQuery>

export const DashboardFacility = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: Type.String(),
  communityCode: Type.String(),
  communityName: Type.String(),
  /** Last day with a meal recorded on or before `asOf`; null if never. */
  lastMealOn: Type.Union([CalendarDate, Type.Null()]),
  stale: Type.Boolean(),
})
export type DashboardFacility = Static<typeof DashboardFacility>

export const Dashboard = Type.Object({
  asOf: CalendarDate,
  townCode: Type.Union([TownCode, Type.Null()]),
  /** Meals per day over the 30 days up to `asOf`, voided meals excluded. */
  mealsPerDay: Type.Array(
    Type.Object({ day: CalendarDate, breakfast: Type.Integer(), lunch: Type.Integer(), dinner: Type.Integer(), dineIn: Type.Integer(), delivery: Type.Integer(), pickup: Type.Integer() }),
  ),
  /** Elders who paid by care card in each month of the year up to `asOf`. */
  cardUsersPerMonth: Type.Array(Type.Object({ month: Type.String(), users: Type.Integer() })),
  beds: BedIndicators,
  ratings: RatingDistribution,
  /**
   * Meal facilities active on `asOf` with their last meal day; `stale` = none for `staleMealDays` days.
   * For a town all of them; for the whole district (thousands) only the stale ones.
   */
  mealFacilities: Type.Array(DashboardFacility),
  /** How many meal facilities are active on `asOf` in the district or town. */
  activeMealFacilities: Type.Integer(),
  staleMealDays: Type.Integer(),
  /** Institutions without a filed report for the month before `asOf`'s month. */
  lateInstitutions: Type.Object({ period: Type.String(), expected: Type.Integer(), late: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) }),
})
export type Dashboard = Static<typeof Dashboard>

// ---------------------------------------------------------------- concentrated care (集中供养)

/** Why an elder is eligible: 特困, or 低保 / 低边 with 失能 at level 重度 (经济困难完全失能). */
export const CONCENTRATED_CARE_GROUNDS = ['destitute', 'low_income_severely_disabled'] as const
export const ConcentratedCareGround = Type.Enum(CONCENTRATED_CARE_GROUNDS)
export type ConcentratedCareGround = Static<typeof ConcentratedCareGround>

export const ConcentratedCareGapQuery = Type.Object(
  {
    /** Defaults to today; never after it. */
    asOf: Type.Optional(CalendarDate),
    townCode: Type.Optional(TownCode),
    /** How many institutions with free beds to suggest per elder. */
    nearest: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  },
  { additionalProperties: false },
)
export type ConcentratedCareGapQuery = Static<typeof ConcentratedCareGapQuery>

export const FreeBedInstitution = Type.Object({
  id: Uuid,
  name: Type.String(),
  townCode: TownCode,
  /** Total − occupied − closed beds in its latest report approved by `asOf`. */
  freeBeds: Type.Integer(),
  /** The month of that report. */
  period: Type.String(),
  /** Great-circle distance from the elder's community when both have coordinates, else null. */
  distanceKm: Type.Union([Type.Number(), Type.Null()]),
  sameTown: Type.Boolean(),
})
export type FreeBedInstitution = Static<typeof FreeBedInstitution>

/** An eligible elder whose need is recorded and who is not living in an institution on `asOf`. */
export const ConcentratedCareGap = Type.Object({
  elderId: Uuid,
  name: Type.String(),
  /** `330902********123X`: the gap list never carries a whole 身份证号. */
  idNumberMasked: Type.String(),
  communityCode: CommunityCode,
  communityName: Type.String(),
  townCode: TownCode,
  townName: Type.String(),
  ground: ConcentratedCareGround,
  needSince: CalendarDate,
  /** The status on `asOf`: active, or moved_away. */
  status: ElderStatus,
  /** Nearest first where coordinates allow, else those of the elder's town first, most free beds first. */
  nearestInstitutions: Type.Array(FreeBedInstitution),
})
export type ConcentratedCareGap = Static<typeof ConcentratedCareGap>

export const ConcentratedCareGaps = Type.Object({
  asOf: CalendarDate,
  townCode: Type.Union([TownCode, Type.Null()]),
  /** Eligible elders with a recorded need, and those of them living in an institution on `asOf`. */
  eligible: Type.Integer(),
  placed: Type.Integer(),
  /** Per town: eligible and placed. */
  towns: Type.Array(Type.Object({ townCode: TownCode, townName: Type.String(), eligible: Type.Integer(), placed: Type.Integer() })),
  items: Type.Array(ConcentratedCareGap),
})
export type ConcentratedCareGaps = Static<typeof ConcentratedCareGaps>
