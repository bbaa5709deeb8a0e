import { readFile } from 'node:fs/promises'
import { schema, uuidv7, type Executor } from '@eldercare/db'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { AuditActor } from '../audit/audit.repository.js'
import { hashPassword } from '../auth/passwords.js'
import { movementHash } from '../care-cards/card-ledger.js'
import { identityColumns, nameInitials, phoneColumns } from '../elders/elder-identity.js'
import { shanghaiToday } from '../http/dates.js'
import { mealContentHash } from '../meals/meal-records.service.js'
import { DEMO_PASSWORD, DEMO_TENANT, DEMO_TOWN_CODE } from './demo-accounts.js'
import { demoElders } from './demo-elders.js'
import { DEMO_ALLOWANCE_RULES, demoCardHistory, type DemoCardMeal } from './demo-cards.js'
import { demoFacilities } from './demo-facilities.js'
import { seedDemoConcentratedCare } from './demo-concentrated-care.js'
import { seedDemoSubsidyChecks } from './demo-subsidy-checks.js'
import { seedDemoInstitutions } from './demo-institutions.js'
import { DEMO_SUBSIDY_RULES, demoMeals, plantSubsidyCheckCases, type DemoMealElder, type DemoMealFacility } from './demo-meals.js'
import { seedDemoIndicators } from './demo-indicators.js'
import { seedDemoAccounts } from './seed-demo-accounts.js'
import { seededRandom } from './random.js'

const DEMO_ELDER_COUNT = 3000
const DEMO_MEAL_DAYS = 90

/** Facilities and service areas, written straight through the repositories (the generator keeps the rules). */
async function seedFacilities(app: FastifyInstance, tenantId: string, actor: AuditActor, today: string, tx: Executor) {
  const communities = (await app.regionsRepository.list(tenantId, { level: 'community' }, tx)).map((row) => ({
    code: row.code,
    name: row.name,
    parentCode: row.parentCode,
  }))
  // None opens after today, whatever day the demo is seeded on.
  const planned = demoFacilities(communities, seededRandom(2024)).map((facility) => ({ ...facility, openedOn: earlier(facility.openedOn, today) }))
  const kitchens: string[] = []
  const ids = new Map<string, string>()
  for (const facility of planned) {
    const id = uuidv7()
    ids.set(facility.key, id)
    const { key: _key, serviceArea, contactPhone, tags, ...columns } = facility
    const isMealPoint = facility.type === 'meal_point'
    await app.facilitiesRepository.insert(
      {
        ...columns,
        tenantId,
        id,
        contactPhoneEncrypted: contactPhone ? app.pii.encrypt(contactPhone) : null,
        supplierKitchenId: isMealPoint && kitchens.length > 0 ? kitchens[planned.indexOf(facility) % kitchens.length]! : null,
      },
      tx,
    )
    if (facility.type === 'central_kitchen') kitchens.push(id)
    await app.facilitiesRepository.insertTagPeriods(
      (tags ?? []).map((tag) => ({ tenantId, id: uuidv7(), facilityId: id, tag, validFrom: facility.openedOn })),
      tx,
    )
    await app.facilitiesRepository.insertServiceAreas(
      (serviceArea ?? []).map((communityCode) => ({ tenantId, id: uuidv7(), facilityId: id, communityCode, validFrom: facility.openedOn })),
      tx,
    )
    await app.auditRepository.record(actor, { action: 'facility.create', entityType: 'facility', entityId: id, changes: { name: { to: facility.name } } }, tx)
  }
  return { planned, ids }
}

async function seedElders(app: FastifyInstance, tenantId: string, actor: AuditActor, today: string, tx: Executor): Promise<DemoMealElder[]> {
  const communityCodes = (await app.regionsRepository.list(tenantId, { level: 'community' }, tx)).map((row) => row.code)
  const elders = demoElders(communityCodes, DEMO_ELDER_COUNT, seededRandom(1949)).map((elder) => ({
    ...elder,
    categories: elder.categories.map((category) => ({ ...category, startOn: earlier(category.startOn, today) })),
  }))
  const rows = elders.map((elder) => ({
    tenantId,
    id: uuidv7(),
    ...identityColumns(elder.idNumber, app.pii),
    ...phoneColumns(elder.phone, app.pii),
    name: elder.name,
    nameInitials: nameInitials(elder.name),
    communityCode: elder.communityCode,
  }))
  await app.eldersRepository.upsertMany(rows, tx)
  await app.eldersRepository.insertCategories(
    elders.flatMap((elder, index) => elder.categories.map((category) => ({ tenantId, id: uuidv7(), elderId: rows[index]!.id, ...category }))),
    tx,
  )
  await app.auditRepository.record(actor, { action: 'elder.import', entityType: 'elder', entityId: 'roster', changes: { rows: { to: rows.length } } }, tx)
  return rows.map((row, index) => ({ id: row.id, communityCode: row.communityCode, birthDate: row.birthDate, categories: elders[index]!.categories }))
}

/** Subsidy rules and 90 days of meals, recorded as if by the facilities' operator. */
async function seedMeals(
  app: FastifyInstance,
  tenantId: string,
  facilities: DemoMealFacility[],
  elders: DemoMealElder[],
  recorder: { id: string; name: string },
  now: Date,
  tx: Executor,
) {
  const today = shanghaiToday(now)
  const rules = DEMO_SUBSIDY_RULES.map((rule) => ({ ...rule, tenantId, id: uuidv7(), category: rule.category ?? null, minAge: rule.minAge ?? null, validFrom: earlier(rule.validFrom, today), validTo: null }))
  await app.mealsRepository.insertRules(rules, tx)
  const meals = demoMeals(facilities, elders, rules, today, DEMO_MEAL_DAYS, seededRandom(2025))
  const delegates = plantSubsidyCheckCases(meals, facilities, elders, rules, today)
  if (delegates.length > 0) await tx.insert(schema.elderPickupDelegates).values(delegates.map((delegate) => ({ tenantId, ...delegate })))
  const paidByCard = await seedCards(app, tenantId, elders, meals, recorder.id, now, tx)
  for (const meal of meals) if (paidByCard.has(meal.id)) meal.paymentMethod = 'care_card'
  // Each demo meal carries the time it was recorded at the counter, around its serving time (demo-meals.ts):
  // a meal stored today would count only from today (as of a day, only meals stored by then count), and
  // the island-crossing check reads those times.
  const rows = meals.map((meal) => ({
    ...meal,
    tenantId,
    contentHash: mealContentHash({ ...meal, subsidised: true }),
    recordedBy: recorder.id,
    recordedByName: recorder.name,
  }))
  for (let i = 0; i < rows.length; i += 1000) await app.mealsRepository.insertNew(rows.slice(i, i + 1000), tx)
  return rows.length
}

/**
 * Cards for two thirds of the elders with three months of allowances, family top-ups and card-paid
 * meals, written in bulk with balances computed in order. Returns the meals the cards paid.
 */
async function seedCards(app: FastifyInstance, tenantId: string, elders: DemoMealElder[], meals: DemoCardMeal[], issuedBy: string, now: Date, tx: Executor) {
  const today = shanghaiToday(now)
  const months = [2, 1, 0].map((back) => {
    const date = new Date(`${today.slice(0, 7)}-01T00:00:00Z`)
    date.setUTCMonth(date.getUTCMonth() - back)
    return date.toISOString().slice(0, 7)
  })
  const holders = elders.filter((_, i) => i % 3 !== 0).map((elder, i) => ({ ...elder, elderId: elder.id, cardId: uuidv7(), cardNo: `330902${String(i + 1).padStart(8, '0')}` }))
  const rules = DEMO_ALLOWANCE_RULES.map((rule) => ({ ...rule, id: uuidv7() }))
  await tx.insert(schema.allowanceRules).values(rules.map((rule) => ({ ...rule, tenantId, purse: 'general', validFrom: earlier('2024-01-01', months[0]!) })))
  const { entries, balances, paidByCard } = demoCardHistory(holders, meals, rules, months, seededRandom(88), now)
  const issuedOn = `${months[0]}-01`
  for (let i = 0; i < holders.length; i += 1000) {
    const part = holders.slice(i, i + 1000)
    await tx.insert(schema.careCards).values(part.map((h) => ({ tenantId, id: h.cardId, cardNo: h.cardNo, elderId: h.elderId, issuedOn, issuedBy })))
    await tx.insert(schema.cardPurses).values(part.map((h) => ({ tenantId, cardId: h.cardId, purse: 'general', balanceFen: balances.get(h.cardId)! })))
  }
  const rows = entries.map((entry) => {
    const movement = { tenantId, ...entry, purse: 'general', createdBy: issuedBy }
    return { ...movement, contentHash: movementHash(movement) }
  })
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(schema.cardLedgerEntries).values(rows.slice(i, i + 1000))
  return paidByCard
}

/** The earlier of two calendar dates: a planned date never falls after the seeding day. */
const earlier = (date: string, today: string) => (date < today ? date : today)

/**
 * Seeds the demo tenant 定海区 once: its real towns and communities, about 40 facilities, 3,000 elders,
 * subsidy rules with 90 days of meals, care cards with three months of allowances and card payments,
 * and one account per role (the platform operator in the platform tenant). Only ever called in demo mode; production never has these accounts.
 * Everything is dated up to `now` (Asia/Shanghai), never after: reports filed, approved, paid and opened
 * by then. Returns false when the tenant was already there.
 */
export async function seedDemo(app: FastifyInstance, now: Date = new Date()): Promise<boolean> {
  const today = shanghaiToday(now)
  if (await app.tenantsRepository.findByCode(DEMO_TENANT.code)) return false
  const csv = await readFile(new URL('./dinghai-regions.csv', import.meta.url), 'utf8')
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const seeded = await app.db.transaction(async (tx) => {
    const tenant = await app.tenantsRepository.insert({ id: uuidv7(), ...DEMO_TENANT }, tx)
    const actor = { tenantId: tenant.id, userId: null, username: 'demo-seed', ip: null }
    await app.regionsService.importCsv(actor, csv, tx)
    const { planned, ids } = await seedFacilities(app, tenant.id, actor, today, tx)
    const elders = await seedElders(app, tenant.id, actor, today, tx)
    // The operator runs the first two canteens of 昌国街道, the reporter files for the first institution.
    const canteens = planned.filter((f) => f.type === 'canteen' && f.communityCode.startsWith(DEMO_TOWN_CODE)).slice(0, 2)
    const institution = planned.find((f) => f.type === 'institution')!
    const facilityScopes: Partial<Record<string, string[]>> = {
      canteen_operator: canteens.map((f) => ids.get(f.key)!),
      institution_reporter: [ids.get(institution.key)!],
    }
    const userIds = await seedDemoAccounts(app, tenant.id, passwordHash, facilityScopes, tx)
    const islands = new Map((await app.regionsRepository.list(tenant.id, { level: 'community' }, tx)).map((row) => [row.code, row.island]))
    const mealFacilities = planned
      .filter((f) => (f.mealSlots ?? []).length > 0 && (f.serviceArea ?? []).length > 0)
      .map((f) => ({ id: ids.get(f.key)!, mealSlots: f.mealSlots!, mealModes: f.mealModes!, openedOn: f.openedOn, serviceArea: f.serviceArea!, island: islands.get(f.communityCode) ?? null }))
    await seedMeals(app, tenant.id, mealFacilities, elders, { id: userIds.get('canteen_operator')!, name: 'canteen_operator' }, now, tx)
    await seedDemoInstitutions(
      app,
      tenant.id,
      actor,
      { reporterInstitutionId: ids.get(institution.key)!, assessorUserId: userIds.get('bureau_staff')! },
      seededRandom(2026),
      now,
      tx,
    )
    await seedDemoIndicators(app, tenant.id, userIds.get('bureau_admin')!, seededRandom(2027), today, tx)
    await seedDemoConcentratedCare(app, tenant.id, elders, userIds.get('bureau_staff')!, seededRandom(2028), tx)
    return { tenantId: tenant.id, bureauAdmin: { id: userIds.get('bureau_admin')!, username: 'bureau_admin' } }
  })
  await seedDemoSubsidyChecks(app, seeded.tenantId, seeded.bureauAdmin, now)
  // Statistics for the planner on what was just written: PGlite runs no autovacuum, and on PostgreSQL
  // it would come a minute later, after the first screens had been planned on empty tables.
  await app.db.execute(sql`analyze`)
  return true
}
