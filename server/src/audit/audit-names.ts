import { schema, type Executor } from '@eldercare/db'
import { and, eq, inArray } from 'drizzle-orm'
import { maskedIdNumber } from '../elders/elders.mapper.js'

const { users, elders, facilities, regions, bedReports, starRatings, settlements, careCards, mealRecords, subsidyRules, allowanceRules, kitchenOrders, tenants } = schema

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Names = Map<string, string>
type Resolver = (db: Executor, tenantId: string, ids: string[]) => Promise<[string, string][]>

/**
 * What an audit line's object is called, by entity type: a reader sees 张桂英 330902********123X or
 * 北园社区幸福食堂 2024-05, not a UUID. Personal numbers only ever appear masked.
 */
const resolvers: Record<string, Resolver> = {
  user: async (db, tenantId, ids) =>
    (await db.select({ id: users.id, name: users.displayName, username: users.username }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)))).map(
      (row) => [row.id, `${row.name}（${row.username}）`],
    ),
  elder: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: elders.id, name: elders.name, idNumberHead: elders.idNumberHead, idNumberTail: elders.idNumberTail })
        .from(elders)
        .where(and(eq(elders.tenantId, tenantId), inArray(elders.id, ids)))
    ).map((row) => [row.id, `${row.name} ${maskedIdNumber(row)}`]),
  facility: async (db, tenantId, ids) =>
    (await db.select({ id: facilities.id, name: facilities.name }).from(facilities).where(and(eq(facilities.tenantId, tenantId), inArray(facilities.id, ids)))).map((row) => [
      row.id,
      row.name,
    ]),
  bed_report: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: bedReports.id, name: facilities.name, period: bedReports.period })
        .from(bedReports)
        .innerJoin(facilities, and(eq(facilities.tenantId, bedReports.tenantId), eq(facilities.id, bedReports.facilityId)))
        .where(and(eq(bedReports.tenantId, tenantId), inArray(bedReports.id, ids)))
    ).map((row) => [row.id, `${row.name} ${row.period}`]),
  star_rating: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: starRatings.id, name: facilities.name, assessedOn: starRatings.assessedOn })
        .from(starRatings)
        .innerJoin(facilities, and(eq(facilities.tenantId, starRatings.tenantId), eq(facilities.id, starRatings.facilityId)))
        .where(and(eq(starRatings.tenantId, tenantId), inArray(starRatings.id, ids)))
    ).map((row) => [row.id, `${row.name} ${row.assessedOn}`]),
  settlement: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: settlements.id, name: facilities.name, month: settlements.month })
        .from(settlements)
        .innerJoin(facilities, and(eq(facilities.tenantId, settlements.tenantId), eq(facilities.id, settlements.facilityId)))
        .where(and(eq(settlements.tenantId, tenantId), inArray(settlements.id, ids)))
    ).map((row) => [row.id, `${row.name} ${row.month}`]),
  care_card: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: careCards.id, cardNo: careCards.cardNo, name: elders.name })
        .from(careCards)
        .innerJoin(elders, and(eq(elders.tenantId, careCards.tenantId), eq(elders.id, careCards.elderId)))
        .where(and(eq(careCards.tenantId, tenantId), inArray(careCards.id, ids)))
    ).map((row) => [row.id, `${row.name} ${row.cardNo}`]),
  meal_record: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: mealRecords.id, name: elders.name, servedOn: mealRecords.servedOn, facility: facilities.name })
        .from(mealRecords)
        .innerJoin(elders, and(eq(elders.tenantId, mealRecords.tenantId), eq(elders.id, mealRecords.elderId)))
        .innerJoin(facilities, and(eq(facilities.tenantId, mealRecords.tenantId), eq(facilities.id, mealRecords.facilityId)))
        .where(and(eq(mealRecords.tenantId, tenantId), inArray(mealRecords.id, ids)))
    ).map((row) => [row.id, `${row.name} ${row.servedOn} ${row.facility}`]),
  subsidy_rule: async (db, tenantId, ids) =>
    (await db.select({ id: subsidyRules.id, name: subsidyRules.name }).from(subsidyRules).where(and(eq(subsidyRules.tenantId, tenantId), inArray(subsidyRules.id, ids)))).map(
      (row) => [row.id, row.name],
    ),
  allowance_rule: async (db, tenantId, ids) =>
    (
      await db.select({ id: allowanceRules.id, name: allowanceRules.name }).from(allowanceRules).where(and(eq(allowanceRules.tenantId, tenantId), inArray(allowanceRules.id, ids)))
    ).map((row) => [row.id, row.name]),
  kitchen_order: async (db, tenantId, ids) =>
    (
      await db
        .select({ id: kitchenOrders.id, name: facilities.name, servedOn: kitchenOrders.servedOn })
        .from(kitchenOrders)
        .innerJoin(facilities, and(eq(facilities.tenantId, kitchenOrders.tenantId), eq(facilities.id, kitchenOrders.mealPointId)))
        .where(and(eq(kitchenOrders.tenantId, tenantId), inArray(kitchenOrders.id, ids)))
    ).map((row) => [row.id, `${row.name} ${row.servedOn}`]),
  tenant: async (db, _tenantId, ids) => (await db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, ids))).map((row) => [row.id, row.name]),
}

/** Regions are keyed by their statistical code, not a UUID. */
async function regionNames(db: Executor, tenantId: string, codes: string[]): Promise<[string, string][]> {
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(and(eq(regions.tenantId, tenantId), inArray(regions.code, codes)))
  return rows.map((row) => [row.code, `${row.name}（${row.code}）`])
}

/** Names of the objects of these events, by `entityType:entityId`; one query per entity type present. */
export async function auditObjectNames(db: Executor, tenantId: string, events: { entityType: string; entityId: string }[]): Promise<Names> {
  const byType = new Map<string, Set<string>>()
  for (const event of events) {
    const known = event.entityType === 'region' ? /^\d{6,12}$/.test(event.entityId) : UUID.test(event.entityId) && event.entityType in resolvers
    if (known) byType.set(event.entityType, (byType.get(event.entityType) ?? new Set()).add(event.entityId))
  }
  const names: Names = new Map()
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      const found = type === 'region' ? await regionNames(db, tenantId, [...ids]) : await resolvers[type]!(db, tenantId, [...ids])
      for (const [id, name] of found) names.set(`${type}:${id}`, name)
    }),
  )
  return names
}

/**
 * Fields whose values name another object, by the field's name: `supplierKitchenId` holds a facility,
 * `townCodes` regions. Their values are shown by name as the object column is.
 */
const REFERENCES: [RegExp, string][] = [
  [/(?:^|[a-z])(?:facility|kitchen|institution|mealPoint|canteen)Ids?$/i, 'facility'],
  [/(?:^|[a-z])elderIds?$/i, 'elder'],
  [/(?:^|[a-z])(?:user|recordedBy|createdBy|decidedBy|reviewedBy|approvedBy)(?:Id)?s?$/i, 'user'],
  [/(?:^|[a-z])cardIds?$/i, 'care_card'],
  [/(?:^|[a-z])(?:town|community|region)Codes?$/i, 'region'],
]

function referenceType(field: string): string | null {
  return REFERENCES.find(([pattern]) => pattern.test(field))?.[1] ?? null
}

/**
 * The names of the objects the events' changed values refer to, per event: `{ value: name }` for each
 * value of a reference field that names a known object (ids of objects since deleted stay as they are).
 */
export async function auditValueNames(db: Executor, tenantId: string, events: { changes: unknown }[]): Promise<Map<number, Record<string, string>>> {
  const refs: { index: number; entityType: string; entityId: string }[] = []
  events.forEach((event, index) => {
    for (const [field, change] of Object.entries((event.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>)) {
      const entityType = referenceType(field)
      if (!entityType) continue
      for (const value of [change.from, change.to].flat()) if (typeof value === 'string') refs.push({ index, entityType, entityId: value })
    }
  })
  const names = await auditObjectNames(db, tenantId, refs)
  const byEvent = new Map<number, Record<string, string>>()
  for (const ref of refs) {
    const name = names.get(`${ref.entityType}:${ref.entityId}`)
    if (name) byEvent.set(ref.index, { ...byEvent.get(ref.index), [ref.entityId]: name })
  }
  return byEvent
}
