import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, QueryText, Text, Uuid } from './common.js'
import { Phone } from './users.js'
import { FACILITY_TYPES, MEAL_SLOTS, MEAL_MODES, FACILITY_TAGS } from '../constants/facilities.js'

export const FacilityType = Type.Enum(FACILITY_TYPES)
export type FacilityType = Static<typeof FacilityType>

export const MealSlot = Type.Enum(MEAL_SLOTS)
export type MealSlot = Static<typeof MealSlot>

export const MealMode = Type.Enum(MEAL_MODES)
export type MealMode = Static<typeof MealMode>

export const FacilityTag = Type.Enum(FACILITY_TAGS)
export type FacilityTag = Static<typeof FacilityTag>

export const FacilityTagPeriod = Type.Object({
  tag: FacilityTag,
  validFrom: CalendarDate,
  /** The first day without the tag; null while it holds. */
  validTo: Type.Union([CalendarDate, Type.Null()]),
})
export type FacilityTagPeriod = Static<typeof FacilityTagPeriod>

export const FacilityStatus = Type.Enum(['planned', 'active', 'closed'] as const)
export type FacilityStatus = Static<typeof FacilityStatus>

export const DailyCapacity = Type.Object({
  breakfast: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  lunch: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  dinner: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
})
export type DailyCapacity = Static<typeof DailyCapacity>

const facilityFields = {
  name: Text({ maxLength: 64 }),
  type: FacilityType,
  communityCode: Type.String({ pattern: '^\\d{12}$' }),
  address: Text({ maxLength: 128 }),
  latitude: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()]),
  longitude: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()]),
  operatorOrg: Type.Union([Text({ maxLength: 64 }), Type.Null()]),
  contactName: Type.Union([Text({ maxLength: 32 }), Type.Null()]),
  openedOn: CalendarDate,
  closedOn: Type.Union([CalendarDate, Type.Null()]),
  mealSlots: Type.Array(MealSlot, { uniqueItems: true, maxItems: 3 }),
  mealModes: Type.Array(MealMode, { uniqueItems: true, maxItems: 3 }),
  dailyCapacity: DailyCapacity,
  tags: Type.Array(FacilityTag, { uniqueItems: true, maxItems: 2 }),
  /** For meal points: the central kitchen that supplies them. */
  supplierKitchenId: Type.Union([Uuid, Type.Null()]),
}

export const FacilityCreate = Type.Object({
  ...facilityFields,
  latitude: Type.Optional(facilityFields.latitude),
  longitude: Type.Optional(facilityFields.longitude),
  operatorOrg: Type.Optional(facilityFields.operatorOrg),
  contactName: Type.Optional(facilityFields.contactName),
  contactPhone: Type.Optional(Type.Union([Phone, Type.Null()])),
  closedOn: Type.Optional(facilityFields.closedOn),
  mealSlots: Type.Optional(facilityFields.mealSlots),
  mealModes: Type.Optional(facilityFields.mealModes),
  dailyCapacity: Type.Optional(facilityFields.dailyCapacity),
  tags: Type.Optional(facilityFields.tags),
  /** First day the tags hold; defaults to `openedOn`. */
  tagsFrom: Type.Optional(CalendarDate),
  supplierKitchenId: Type.Optional(facilityFields.supplierKitchenId),
  /** Communities served from `openedOn`; change later with PUT /facilities/:id/service-area. */
  serviceArea: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{12}$' }), { uniqueItems: true, maxItems: 500 })),
})
export type FacilityCreate = Static<typeof FacilityCreate>

export const FacilityUpdate = Type.Object(
  {
    name: Type.Optional(facilityFields.name),
    communityCode: Type.Optional(facilityFields.communityCode),
    address: Type.Optional(facilityFields.address),
    latitude: Type.Optional(facilityFields.latitude),
    longitude: Type.Optional(facilityFields.longitude),
    operatorOrg: Type.Optional(facilityFields.operatorOrg),
    contactName: Type.Optional(facilityFields.contactName),
    contactPhone: Type.Optional(Type.Union([Phone, Type.Null()])),
    openedOn: Type.Optional(facilityFields.openedOn),
    closedOn: Type.Optional(facilityFields.closedOn),
    mealSlots: Type.Optional(facilityFields.mealSlots),
    mealModes: Type.Optional(facilityFields.mealModes),
    dailyCapacity: Type.Optional(facilityFields.dailyCapacity),
    tags: Type.Optional(facilityFields.tags),
    /** First day the changed tags hold (defaults to today); figures before it keep the tags as they were. */
    tagsFrom: Type.Optional(CalendarDate),
    supplierKitchenId: Type.Optional(facilityFields.supplierKitchenId),
  },
  { minProperties: 1 },
)
export type FacilityUpdate = Static<typeof FacilityUpdate>

export const Facility = Type.Object({
  id: Uuid,
  ...facilityFields,
  townCode: Type.String(),
  townName: Type.String(),
  communityName: Type.String(),
  island: Type.Union([Type.String(), Type.Null()]),
  contactPhoneMasked: Type.Union([Type.String(), Type.Null()]),
  status: FacilityStatus,
  /** Communities served today. */
  serviceAreaCount: Type.Integer(),
  /** Every tag period, oldest first; `tags` are those holding today. */
  tagHistory: Type.Array(FacilityTagPeriod),
  updatedAt: Instant,
})
export type Facility = Static<typeof Facility>

export const FacilityListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(QueryText({ maxLength: 64 })),
  type: Type.Optional(FacilityType),
  townCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
  /** An island name, or `main` for the main island (empty island). */
  island: Type.Optional(QueryText({ maxLength: 32 })),
  status: Type.Optional(FacilityStatus),
})
export type FacilityListQuery = Static<typeof FacilityListQuery>

export const ServiceAreaEntry = Type.Object({
  communityCode: Type.String(),
  communityName: Type.String(),
  townCode: Type.String(),
  validFrom: CalendarDate,
  validTo: Type.Union([CalendarDate, Type.Null()]),
})
export type ServiceAreaEntry = Static<typeof ServiceAreaEntry>

export const ServiceArea = Type.Object({
  facilityId: Uuid,
  asOf: CalendarDate,
  /** Communities served on `asOf`. */
  communities: Type.Array(ServiceAreaEntry),
  /** Every period ever recorded, oldest first: past coverage can be recomputed from it. */
  history: Type.Array(ServiceAreaEntry),
})
export type ServiceArea = Static<typeof ServiceArea>

export const ServiceAreaQuery = Type.Object({ asOf: Type.Optional(CalendarDate) })

export const ServiceAreaPut = Type.Object({
  communityCodes: Type.Array(Type.String({ pattern: '^\\d{12}$' }), { uniqueItems: true, maxItems: 500 }),
  /** First day the new area applies; defaults to today (Asia/Shanghai). */
  effectiveFrom: Type.Optional(CalendarDate),
})
export type ServiceAreaPut = Static<typeof ServiceAreaPut>
