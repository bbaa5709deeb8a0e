import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, PlainText, Text, Uuid } from './common.js'
import { Phone } from './users.js'
import { ELDER_CATEGORIES, DISABILITY_LEVELS, ELDER_STATUSES, ROSTER_COLUMN_FIELDS } from '../constants/elders.js'

export const ElderCategory = Type.Enum(ELDER_CATEGORIES)
export type ElderCategory = Static<typeof ElderCategory>

export const DisabilityLevel = Type.Enum(DISABILITY_LEVELS)
export type DisabilityLevel = Static<typeof DisabilityLevel>

export const ElderStatus = Type.Enum(ELDER_STATUSES)
export type ElderStatus = Static<typeof ElderStatus>

export const Gender = Type.Enum(['male', 'female'] as const)
export type Gender = Static<typeof Gender>

/** 身份证号 as written: 18 characters, the last may be x or X. Checksum and birth date are checked on the server. */
export const IdNumber = Type.String({ pattern: '^\\d{17}[\\dXx]$' })

export const ElderCategoryEntry = Type.Object({
  category: ElderCategory,
  level: Type.Optional(Type.Union([DisabilityLevel, Type.Null()])),
  startOn: CalendarDate,
  endOn: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
})
export type ElderCategoryEntry = Static<typeof ElderCategoryEntry>

/** A person the elder lets collect meals (代领人), with the date the elder consented. */
export const PickupDelegate = Type.Object({
  id: Uuid,
  name: Type.String(),
  relation: Type.String(),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  consentOn: CalendarDate,
})
export type PickupDelegate = Static<typeof PickupDelegate>

export const Elder = Type.Object({
  id: Uuid,
  /** `330902********123X`: the number itself is only shown by `POST /elders/:id/reveal`. */
  idNumberMasked: Type.String(),
  name: Type.String(),
  gender: Gender,
  /**
   * Age today. The birth date is not in the answer: it is digits 7–14 of the 身份证号, the very digits the
   * mask hides. Who may see it reveals the whole number.
   */
  age: Type.Integer(),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  communityCode: Type.String(),
  communityName: Type.String(),
  townCode: Type.String(),
  categories: Type.Array(ElderCategoryEntry),
  /** True when the elder is 80 or older on the day asked. */
  advancedAge: Type.Boolean(),
  /** The status today, the latest of `GET /elders/:id/status-history`. */
  status: ElderStatus,
  /** The day the status took effect. */
  statusSince: CalendarDate,
  /** Where an elder `in_institution` lives (null for rows recorded before institutions were named). */
  institutionId: Type.Union([Uuid, Type.Null()]),
  institutionName: Type.Union([Type.String(), Type.Null()]),
  deceasedOn: Type.Union([CalendarDate, Type.Null()]),
  /** 有集中供养需求 since this day, as recorded by town staff; null: no need recorded today. */
  concentratedCareNeedSince: Type.Union([CalendarDate, Type.Null()]),
  dietaryNotes: Type.Union([Type.String(), Type.Null()]),
  pickupDelegates: Type.Array(PickupDelegate),
  updatedAt: Instant,
})
export type Elder = Static<typeof Elder>

const PickupDelegateInput = Type.Object({
  /** An existing delegate's id: its stored phone is kept unless `phone` is given (null clears it). */
  id: Type.Optional(Uuid),
  name: Text({ maxLength: 32 }),
  relation: Text({ maxLength: 16 }),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  consentOn: CalendarDate,
})

/**
 * With `status`: the day it takes effect (default today; a death takes effect on `deceasedOn`) and, for
 * `in_institution`, the institution. A status equal to the current one with no new day or institution
 * changes nothing.
 */
const statusInputFields = {
  statusFrom: Type.Optional(CalendarDate),
  institutionId: Type.Optional(Type.Union([Uuid, Type.Null()])),
}

export const ElderCreate = Type.Object({
  idNumber: IdNumber,
  name: Text({ maxLength: 32 }),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  communityCode: Type.String({ pattern: '^\\d{12}$' }),
  categories: Type.Optional(Type.Array(ElderCategoryEntry, { maxItems: 20 })),
  status: Type.Optional(ElderStatus),
  ...statusInputFields,
  deceasedOn: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
  concentratedCareNeedSince: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
  dietaryNotes: Type.Optional(Type.Union([Text({ maxLength: 200 }), Type.Null()])),
  pickupDelegates: Type.Optional(Type.Array(PickupDelegateInput, { maxItems: 5 })),
})
export type ElderCreate = Static<typeof ElderCreate>

/** The 身份证号 never changes on an elder: a wrong number means a new record. */
export const ElderUpdate = Type.Object(
  {
    name: Type.Optional(ElderCreate.properties.name),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    communityCode: Type.Optional(ElderCreate.properties.communityCode),
    categories: Type.Optional(Type.Array(ElderCategoryEntry, { maxItems: 20 })),
    status: Type.Optional(ElderStatus),
    ...statusInputFields,
    deceasedOn: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
    /** A date records the need from that day (correcting the start of a need already recorded); null ends it today. */
    concentratedCareNeedSince: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
    dietaryNotes: Type.Optional(Type.Union([Text({ maxLength: 200 }), Type.Null()])),
    pickupDelegates: Type.Optional(Type.Array(PickupDelegateInput, { maxItems: 5 })),
  },
  { minProperties: 1 },
)
export type ElderUpdate = Static<typeof ElderUpdate>

const ElderFilters = {
  communityCode: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
  townCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
  category: Type.Optional(ElderCategory),
  status: Type.Optional(ElderStatus),
}

/** The roster by filters, in a URL. A search by name or number is `POST /elders/search`. */
export const ElderListQuery = Type.Object({ ...PageQuery.properties, ...ElderFilters })
export type ElderListQuery = Static<typeof ElderListQuery>

/** The roster search, sent as a body because `q` may be a whole 身份证号 or a phone number. */
export const ElderSearchBody = Type.Object({
  ...PageQuery.properties,
  /** Name, pinyin initials (zs for 张三), the last 4 characters of the 身份证号, a whole 身份证号, or a phone number. */
  q: Type.Optional(PlainText({ maxLength: 32 })),
  ...ElderFilters,
})
export type ElderSearchBody = Static<typeof ElderSearchBody>

/** The export takes the list's filters; `reveal` asks for whole numbers where the role may see them. */
export const RosterExportQuery = Type.Object({ ...ElderFilters, reveal: Type.Optional(Type.Boolean()) })
export type RosterExportQuery = Static<typeof RosterExportQuery>

export const ElderReveal = Type.Object({ idNumber: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) })
export type ElderReveal = Static<typeof ElderReveal>

export const RosterImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) })

export const RosterImportIssue = Type.Object({ line: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), message: Type.String() })
export type RosterImportIssue = Static<typeof RosterImportIssue>

export type RosterColumnField = (typeof ROSTER_COLUMN_FIELDS)[number]

/**
 * A required column the import could not tell by its header or its values: the file's header rows and
 * first data rows, for the user to say which column it is.
 */
export const ImportColumnsNeeded = Type.Object({
  /** Fields still missing; for the roster `community` stands for 所属社区 or 社区代码. */
  missing: Type.Array(Type.String()),
  /** Each headed column: its 1-based number and its header text as written. */
  columns: Type.Array(Type.Object({ col: Type.Integer(), header: Type.String() })),
  /** The header rows and the first data rows as the file shows them, cell by cell. */
  headerRows: Type.Array(Type.Array(Type.String())),
  sampleRows: Type.Array(Type.Array(Type.String())),
})
export type ImportColumnsNeeded = Static<typeof ImportColumnsNeeded>

/** Remembers what roster headers mean for the tenant's imports, from now on. */
export const RosterColumnMappingPut = Type.Object({
  mappings: Type.Array(Type.Object({ header: Text({ maxLength: 100 }), field: Type.Enum(ROSTER_COLUMN_FIELDS) }), { minItems: 1, maxItems: 40 }),
})
export type RosterColumnMappingPut = Static<typeof RosterColumnMappingPut>

export const RosterColumnMappings = Type.Object({ mappings: Type.Array(Type.Object({ header: Type.String(), field: Type.Enum(ROSTER_COLUMN_FIELDS) })) })
export type RosterColumnMappings = Static<typeof RosterColumnMappings>

export const RosterImportResult = Type.Object({
  dryRun: Type.Boolean(),
  /** Rows read from the file (blank rows not counted). */
  rows: Type.Integer(),
  /** Elders the import adds (or would add, in a dry run). */
  created: Type.Integer(),
  /** Elders found by 身份证号 and updated. */
  updated: Type.Integer(),
  /** Nothing is written while this list is not empty. */
  issues: Type.Array(RosterImportIssue),
  /** Present when a required column could not be told: the user says which it is, then imports again. */
  columnsNeeded: Type.Optional(ImportColumnsNeeded),
})
export type RosterImportResult = Static<typeof RosterImportResult>

/** Where an elder's status came from: the form or API, the roster import, or the migration that began the history. */
export const ELDER_STATUS_SOURCES = ['form', 'import', 'migration'] as const
export const ElderStatusSource = Type.Enum(ELDER_STATUS_SOURCES)
export type ElderStatusSource = Static<typeof ElderStatusSource>

/** One change of status; it holds until the next one. */
export const ElderStatusEntry = Type.Object({
  id: Uuid,
  status: ElderStatus,
  effectiveFrom: CalendarDate,
  institutionId: Type.Union([Uuid, Type.Null()]),
  institutionName: Type.Union([Type.String(), Type.Null()]),
  source: ElderStatusSource,
  /** The user who recorded it; null for the migration. */
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Instant,
})
export type ElderStatusEntry = Static<typeof ElderStatusEntry>

export const ElderStatusHistory = Type.Object({
  elderId: Uuid,
  /** Oldest first. */
  entries: Type.Array(ElderStatusEntry),
})
export type ElderStatusHistory = Static<typeof ElderStatusHistory>

/** Records a status from a day on (never after today): a move, a placement in an institution, a death, a return. */
export const ElderStatusChange = Type.Object(
  {
    status: ElderStatus,
    effectiveFrom: CalendarDate,
    /** Required for `in_institution`, refused otherwise. */
    institutionId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
)
export type ElderStatusChange = Static<typeof ElderStatusChange>
