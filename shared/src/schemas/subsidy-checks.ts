import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, Text, Uuid } from './common.js'
import { FINDING_STATUSES, SUBSIDY_CHECK_KINDS } from '../constants/subsidy-checks.js'

export const SubsidyCheckKind = Type.Enum(SUBSIDY_CHECK_KINDS)
export type SubsidyCheckKind = Static<typeof SubsidyCheckKind>

export const FindingStatus = Type.Enum(FINDING_STATUSES)
export type FindingStatus = Static<typeof FindingStatus>

/** A finding in the review queue. */
export const SubsidyFinding = Type.Object({
  id: Uuid,
  kind: SubsidyCheckKind,
  elderId: Type.Union([Uuid, Type.Null()]),
  elderName: Type.Union([Type.String(), Type.Null()]),
  facilityId: Type.Union([Uuid, Type.Null()]),
  facilityName: Type.Union([Type.String(), Type.Null()]),
  townCode: Type.Union([Type.String(), Type.Null()]),
  /** The first day involved, or the month of a `delegate_heavy` finding. */
  period: Type.String(),
  /** Meals whose subsidy confirming recovers. */
  mealRecordIds: Type.Array(Uuid),
  /** Allowance entries confirming reverses. */
  ledgerEntryIds: Type.Array(Uuid),
  amountFen: Type.Integer({ minimum: 0 }),
  detectedAt: Instant,
  status: FindingStatus,
  reason: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Instant, Type.Null()]),
  /** What confirming recovered: the meals' subsidy deducted in the settlement of `month`, the allowance reversed, what the card no longer held. */
  recovery: Type.Union([
    Type.Object({ month: Type.String(), mealsFen: Type.Integer({ minimum: 0 }), allowanceFen: Type.Integer({ minimum: 0 }), unrecoverableFen: Type.Integer({ minimum: 0 }) }),
    Type.Null(),
  ]),
  /** What the check saw: the date of death, the status, the distance, the shares. */
  evidence: Type.Record(Type.String(), Type.Unknown()),
})
export type SubsidyFinding = Static<typeof SubsidyFinding>

export const SubsidyFindingQuery = Type.Object(
  {
    ...PageQuery.properties,
    status: Type.Optional(FindingStatus),
    kind: Type.Optional(SubsidyCheckKind),
    townCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
    facilityId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
export type SubsidyFindingQuery = Static<typeof SubsidyFindingQuery>

/** The queue's page: the findings and, for the same filter without `kind`, how many of each kind. */
export const SubsidyFindingPage = Type.Object({
  items: Type.Array(SubsidyFinding),
  total: Type.Integer({ minimum: 0 }),
  countsByKind: Type.Array(Type.Object({ kind: SubsidyCheckKind, count: Type.Integer({ minimum: 0 }) })),
})
export type SubsidyFindingPage = Static<typeof SubsidyFindingPage>

export const FindingDecision = Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })
export type FindingDecision = Static<typeof FindingDecision>

export const ScanResult = Type.Object({ raised: Type.Integer({ minimum: 0 }), byKind: Type.Array(Type.Object({ kind: SubsidyCheckKind, raised: Type.Integer({ minimum: 0 }) })) })
export type ScanResult = Static<typeof ScanResult>

export const ExternalListQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })), fileName: Type.Optional(Text({ maxLength: 200 })) }, { additionalProperties: false })
export type ExternalListQuery = Static<typeof ExternalListQuery>

/** A row of an imported death or 户籍注销 list and what became of it. */
export const ExternalListRow = Type.Object({
  line: Type.Integer(),
  outcome: Type.Enum(['matched', 'already_recorded', 'unknown', 'invalid']),
  elderId: Type.Union([Uuid, Type.Null()]),
  /** The date of death or 注销 the row gives. */
  deceasedOn: Type.Union([CalendarDate, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
})

export const ExternalListResult = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Array(ExternalListRow),
  matched: Type.Integer(),
  unknown: Type.Integer(),
  invalid: Type.Integer(),
  /** Findings the import raised (0 on a dry run). */
  raised: Type.Integer(),
})
export type ExternalListResult = Static<typeof ExternalListResult>

/** A finding with its evidence laid out for review: the dated status, the meals, the ledger lines. */
export const SubsidyFindingDetail = Type.Object({
  finding: SubsidyFinding,
  statusHistory: Type.Array(Type.Object({ status: Type.String(), effectiveFrom: CalendarDate, institutionName: Type.Union([Type.String(), Type.Null()]), source: Type.String() })),
  /** The meals recovered and, for `two_places`, those of the first place. */
  meals: Type.Array(
    Type.Object({ id: Uuid, facilityId: Uuid, facilityName: Type.String(), servedOn: CalendarDate, slot: Type.String(), subsidyFen: Type.Integer(), recordedAt: Instant, voided: Type.Boolean(), recovered: Type.Boolean() }),
  ),
  ledgerLines: Type.Array(Type.Object({ id: Uuid, cardId: Uuid, kind: Type.String(), amountFen: Type.Integer(), referenceId: Type.Union([Type.String(), Type.Null()]), createdAt: Instant })),
})
export type SubsidyFindingDetail = Static<typeof SubsidyFindingDetail>

/**
 * The open queue summed up for the dashboard. Only `groupBy=town` for now; no as-of day, since the
 * open queue is what it is now (a finding decided yesterday is not open today).
 */
export const SubsidyFindingSummaryQuery = Type.Object({ groupBy: Type.Enum(['town']) }, { additionalProperties: false })
export type SubsidyFindingSummaryQuery = Static<typeof SubsidyFindingSummaryQuery>

const OpenFigures = { count: Type.Integer({ minimum: 0 }), amountFen: Type.Integer({ minimum: 0 }) }

/** One town's open findings: the count and the money at stake, and the same per kind (kinds without any left out). */
export const SubsidyFindingTownSummary = Type.Object({
  /** Null for findings about no elder or facility of a town (the queue's town filter cannot pick them). */
  townCode: Type.Union([Type.String({ pattern: '^\\d{9}$' }), Type.Null()]),
  townName: Type.Union([Type.String(), Type.Null()]),
  ...OpenFigures,
  byKind: Type.Array(Type.Object({ kind: SubsidyCheckKind, ...OpenFigures })),
})
export type SubsidyFindingTownSummary = Static<typeof SubsidyFindingTownSummary>

export const SubsidyFindingSummary = Type.Object({
  /** The towns with open findings the caller may review, by town code; town staff get only theirs. */
  towns: Type.Array(SubsidyFindingTownSummary),
  total: Type.Object(OpenFigures),
})
export type SubsidyFindingSummary = Static<typeof SubsidyFindingSummary>

/** An island as regions name it; null is the main island (舟山本岛). */
export const IslandName = Type.Union([Text({ maxLength: 32 }), Type.Null()])

/** The shortest plausible crossing between two islands, either way, in minutes. */
export const IslandCrossingSetting = Type.Object({ from: IslandName, to: IslandName, minutes: Type.Integer({ minimum: 1, maximum: 1440 }) }, { additionalProperties: false })
export type IslandCrossingSetting = Static<typeof IslandCrossingSetting>

/** The settings the checks compare against, as the bureau saves them; they apply from the next scan. */
export const SubsidyCheckSettingsPut = Type.Object(
  {
    /** Two places farther apart than this (km), the same day, are a `two_places` finding. */
    twoPlacesKm: Type.Number({ minimum: 1, maximum: 500 }),
    /** A delegate share more than this many times the district's is `delegate_heavy`. */
    delegateShareFactor: Type.Number({ exclusiveMinimum: 1, maximum: 100 }),
    /** Fewer meals than this in a month say nothing about a share. */
    delegateMinMeals: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** One row per island pair (either order); pairs not listed are judged by distance alone. */
    islandCrossings: Type.Array(IslandCrossingSetting, { maxItems: 200 }),
  },
  { additionalProperties: false },
)
export type SubsidyCheckSettingsPut = Static<typeof SubsidyCheckSettingsPut>

/** The settings with the islands the tenant's regions name, for choosing pairs. */
export const SubsidyCheckSettings = Type.Object({
  ...SubsidyCheckSettingsPut.properties,
  islandCrossings: Type.Array(Type.Object({ from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]), minutes: Type.Integer() })),
  /** The islands of the tenant's communities, the main island (null) first when a community is on it. */
  islands: Type.Array(Type.Union([Type.String(), Type.Null()])),
})
export type SubsidyCheckSettings = Static<typeof SubsidyCheckSettings>
