import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, Uuid } from './common.js'
import { ElderCategory } from './elders.js'
import { MealMode, MealSlot } from './facilities.js'
import { Fen, MealRecord, MealRecordCreate, MealSettings, SubsidyRule } from './meals.js'

/** What a facility charges for a meal of one slot and mode from `validFrom` on, until a later price. */
export const MealPrice = Type.Object({ slot: MealSlot, mode: MealMode, priceFen: Fen, validFrom: CalendarDate })
export type MealPrice = Static<typeof MealPrice>

/** A facility's price list: every price with the day it took effect, the history included. */
export const FacilityMealPrices = Type.Object({ facilityId: Uuid, prices: Type.Array(MealPrice) })
export type FacilityMealPrices = Static<typeof FacilityMealPrices>

/** New prices from a day on (today or later: a past day's meals keep the prices they had). */
export const MealPricesPut = Type.Object({
  validFrom: CalendarDate,
  prices: Type.Array(Type.Object({ slot: MealSlot, mode: MealMode, priceFen: Fen }), { minItems: 1, maxItems: 9 }),
})
export type MealPricesPut = Static<typeof MealPricesPut>

/** A meal recorded on a counter, as its outbox sends it: the meal, its outbox number, who recorded it and when. */
export const MealSyncRecord = Type.Object({
  ...MealRecordCreate.properties,
  /** 1, 2, 3 … per device, in the order the meals were recorded. */
  deviceSeq: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  /** The user signed in on the device when the meal was recorded. */
  recordedBy: Uuid,
  /** The device's clock when the meal was recorded. */
  recordedAt: Instant,
})
export type MealSyncRecord = Static<typeof MealSyncRecord>

/** What a device reports of itself at every sync and on a heartbeat. */
const deviceReport = {
  /** Made once by the device and kept in its storage. */
  deviceId: Uuid,
  facilityId: Uuid,
  /** Meals in the outbox not yet answered by the server (those being sent included). */
  outboxSize: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  /** The device time of the oldest of them; null when the outbox is empty. */
  oldestUnsyncedAt: Type.Union([Instant, Type.Null()]),
  snapshotVersion: Type.Union([Type.String({ pattern: '^[0-9]{1,20}$' }), Type.Null()]),
}

export const CounterHeartbeat = Type.Object(deviceReport)
export type CounterHeartbeat = Static<typeof CounterHeartbeat>

/** One batch of a counter's outbox, sent in order of `deviceSeq`. */
export const MealSync = Type.Object({
  ...deviceReport,
  records: Type.Array(MealSyncRecord, { minItems: 1, maxItems: 500 }),
})
export type MealSync = Static<typeof MealSync>

export const MealSyncResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      deviceSeq: Type.Integer(),
      status: Type.Enum(['created', 'duplicate', 'error'] as const),
      record: Type.Optional(MealRecord),
      /** Why the server refused the meal (the elder died, the facility was closed that day …). */
      code: Type.Optional(Type.String()),
      message: Type.Optional(Type.String()),
    }),
  ),
  syncedAt: Instant,
})
export type MealSyncResult = Static<typeof MealSyncResult>

export const CounterSnapshotQuery = Type.Object(
  {
    facilityId: Uuid,
    /**
     * The version the device holds: only elders changed since then are sent again. A version is 0 or
     * microseconds since 1970 (16 digits until the year 2286), so no 身份证号 or phone number fits it.
     */
    sinceVersion: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{15})$' })),
  },
  { additionalProperties: false },
)
export type CounterSnapshotQuery = Static<typeof CounterSnapshotQuery>

/**
 * An elder as a counter keeps them offline: enough to find, check and subsidise them, no more. No
 * whole 身份证号 and no phone: the last four characters and the birth year only.
 */
export const SnapshotElder = Type.Object({
  id: Uuid,
  name: Type.String(),
  nameInitials: Type.String(),
  idNumberTail: Type.String(),
  /** Said by the 17th character of the 身份证号, which is in the tail anyway. */
  gender: Type.Enum(['male', 'female'] as const),
  cardNo: Type.Union([Type.String(), Type.Null()]),
  birthYear: Type.Integer(),
  /** Age on the snapshot's day, for the age tiers; the snapshot is refreshed at least daily when online. */
  age: Type.Integer(),
  status: Type.Enum(['active', 'moved_away', 'in_institution', 'deceased'] as const),
  deceasedOn: Type.Union([CalendarDate, Type.Null()]),
  categories: Type.Array(Type.Object({ category: ElderCategory, startOn: CalendarDate, endOn: Type.Union([CalendarDate, Type.Null()]) })),
  delegates: Type.Array(Type.Object({ id: Uuid, name: Type.String(), relation: Type.String() })),
})
export type SnapshotElder = Static<typeof SnapshotElder>

export const CounterSnapshot = Type.Object({
  facility: Type.Object({
    id: Uuid,
    name: Type.String(),
    mealSlots: Type.Array(MealSlot),
    mealModes: Type.Array(MealMode),
    openedOn: CalendarDate,
    closedOn: Type.Union([CalendarDate, Type.Null()]),
  }),
  /** Changes after this version come with the next call that names it. */
  version: Type.String(),
  /** True when `elders` holds every elder; false when only those changed since `sinceVersion`. */
  full: Type.Boolean(),
  takenAt: Instant,
  today: CalendarDate,
  elders: Type.Array(SnapshotElder),
  /** Every elder the facility serves now: the device drops those it holds that are not here. */
  elderIds: Type.Array(Uuid),
  subsidyRules: Type.Array(SubsidyRule),
  mealSettings: MealSettings,
  prices: Type.Array(MealPrice),
  /** Today's subsidised meals of these elders anywhere in the district, per slot: the cap holds offline too. */
  subsidisedToday: Type.Array(Type.Object({ elderId: Uuid, slot: MealSlot, meals: Type.Integer() })),
})
export type CounterSnapshot = Static<typeof CounterSnapshot>

export const SyncStatusQuery = Type.Object(
  { townCode: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })), facilityId: Type.Optional(Uuid) },
  { additionalProperties: false },
)
export type SyncStatusQuery = Static<typeof SyncStatusQuery>

export const CounterDevice = Type.Object({
  deviceId: Uuid,
  userName: Type.String(),
  lastSeenAt: Instant,
  lastSyncAt: Type.Union([Instant, Type.Null()]),
  outboxSize: Type.Integer(),
  oldestUnsyncedAt: Type.Union([Instant, Type.Null()]),
  snapshotVersion: Type.Union([Type.String(), Type.Null()]),
})
export type CounterDevice = Static<typeof CounterDevice>

/** Per meal facility its counter devices as they last reported; a facility with none has an empty list. */
export const SyncStatus = Type.Object({
  items: Type.Array(Type.Object({ facilityId: Uuid, facilityName: Type.String(), communityCode: Type.String(), devices: Type.Array(CounterDevice) })),
})
export type SyncStatus = Static<typeof SyncStatus>
