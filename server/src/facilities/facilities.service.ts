import { uuidv7, type Executor } from '@eldercare/db'
import {
  MEAL_FACILITY_TYPES,
  servesMeals,
  type ErrorDetail,
  type FacilityTag,
  type Facility,
  type FacilityCreate,
  type FacilityListQuery,
  type FacilityUpdate,
  type ServiceArea,
  type ServiceAreaPut,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { scopeOf, townOfCommunity } from '../auth/scope.js'
import { AppError, notFound } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { mapFacility, mapServiceAreaEntry, tagsOn } from './facilities.mapper.js'
import type { FacilityFilter, FacilityRow, FacilityView } from './facilities.repository.js'
import { replaceTagsFrom } from './tag-periods.js'

const invalid = (message: string, details?: ErrorDetail[]) => new AppError('FACILITY_INVALID', message, details)

/** An institution counts for coverage only while it serves meals: without meal slots it has no service area. */
const servesNoMeals = (path: string) =>
  new AppError('FACILITY_SERVES_NO_MEALS', 'an institution without meal slots serves no meals and cannot have a meal service area', [{ path, message: 'no meal slots' }])
const institutionWithoutMeals = (facility: { type: string; mealSlots: readonly string[] }) => facility.type === 'institution' && !servesMeals(facility)

/** The fields the audit log compares; the contact phone is masked there by its name. */
function audited(row: FacilityRow, contactPhone: string | null, tags: readonly FacilityTag[]) {
  return {
    name: row.name,
    type: row.type,
    communityCode: row.communityCode,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    operatorOrg: row.operatorOrg,
    contactName: row.contactName,
    contactPhone,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    mealSlots: row.mealSlots,
    mealModes: row.mealModes,
    dailyCapacity: row.dailyCapacity,
    tags: [...tags].sort(),
    supplierKitchenId: row.supplierKitchenId,
  }
}

export default fp(
  async (fastify) => {
    const facilities = fastify.facilitiesRepository
    const regions = fastify.regionsRepository
    const audit = fastify.auditRepository
    const { pii } = fastify

    function scopeFilter(actor: Actor): Pick<FacilityFilter, 'scopeTownCodes' | 'scopeFacilityIds'> {
      const scope = scopeOf(actor)
      if (scope.kind === 'towns') return { scopeTownCodes: scope.townCodes }
      if (scope.kind === 'facilities') return { scopeFacilityIds: scope.facilityIds }
      return {}
    }

    function inScope(actor: Actor, row: { id: string; communityCode: string }): boolean {
      const scope = scopeOf(actor)
      if (scope.kind === 'towns') return scope.townCodes.includes(townOfCommunity(row.communityCode))
      if (scope.kind === 'facilities') return scope.facilityIds.includes(row.id)
      return true
    }

    /** A facility the actor may see, or 404: out of scope and nonexistent look the same. */
    async function load(actor: Actor, id: string, exec: Executor = fastify.db): Promise<FacilityView> {
      const row = await facilities.findView(actor.tenantId, id, shanghaiToday(), exec)
      if (!row || !inScope(actor, row)) throw notFound('facility')
      return row
    }

    async function checkCommunities(tenantId: string, codes: string[], path: string, exec: Executor) {
      const known = new Set((await regions.findCommunities(tenantId, codes, exec)).map((row) => row.code))
      const unknown = codes.filter((code) => !known.has(code))
      if (unknown.length > 0) {
        throw invalid('unknown communities', unknown.map((code) => ({ path, message: `community ${code} does not exist` })))
      }
    }

    /** Rules across fields that a schema cannot say. */
    async function checkFacility(tenantId: string, facility: FacilityRow | (FacilityCreate & { id: string }), exec: Executor) {
      await checkCommunities(tenantId, [facility.communityCode], '/body/communityCode', exec)
      if (facility.closedOn && facility.closedOn < facility.openedOn) {
        throw invalid('a facility cannot close before it opens', [{ path: '/body/closedOn', message: 'closedOn is before openedOn' }])
      }
      if (facility.supplierKitchenId) {
        if (!MEAL_FACILITY_TYPES.includes(facility.type)) throw invalid('only meal facilities are supplied by a central kitchen')
        const [kitchen] = await facilities.findByIds(tenantId, [facility.supplierKitchenId], exec)
        if (!kitchen || kitchen.type !== 'central_kitchen' || kitchen.id === facility.id) {
          throw invalid('the supplier must be a central kitchen of this district', [{ path: '/body/supplierKitchenId', message: 'not a central kitchen' }])
        }
      }
      const capacitySlots = Object.keys(facility.dailyCapacity ?? {})
      const served = facility.mealSlots ?? []
      const stray = capacitySlots.filter((slot) => !served.includes(slot as (typeof served)[number]))
      if (stray.length > 0) throw invalid(`capacity given for slots not served: ${stray.join(', ')}`)
    }

    async function list(actor: Actor, query: FacilityListQuery) {
      const { page = 1, pageSize = 20 } = query
      const today = shanghaiToday()
      const filter = { q: query.q, type: query.type, townCode: query.townCode, island: query.island, status: query.status, ...scopeFilter(actor) }
      const { rows, total } = await facilities.list(actor.tenantId, filter, today, page, pageSize)
      return { items: rows.map((row) => mapFacility(row, today, pii)), total }
    }

    async function get(actor: Actor, id: string): Promise<Facility> {
      return mapFacility(await load(actor, id), shanghaiToday(), pii)
    }

    async function create(actor: Actor, input: FacilityCreate): Promise<Facility> {
      const isMealFacility = MEAL_FACILITY_TYPES.includes(input.type)
      const id = uuidv7()
      const values = {
        ...input,
        id,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        operatorOrg: input.operatorOrg ?? null,
        contactName: input.contactName ?? null,
        closedOn: input.closedOn ?? null,
        // A meal facility that says nothing serves lunch, dine-in: the plan's main meal.
        mealSlots: input.mealSlots ?? (isMealFacility ? ['lunch' as const] : []),
        mealModes: input.mealModes ?? (isMealFacility ? ['dine_in' as const] : []),
        dailyCapacity: input.dailyCapacity ?? {},
        supplierKitchenId: input.supplierKitchenId ?? null,
      }
      const tags = input.tags ?? []
      const tagsFrom = input.tagsFrom ?? input.openedOn
      if (tagsFrom < input.openedOn) throw invalid('tags cannot hold before the facility opened', [{ path: '/body/tagsFrom', message: 'before openedOn' }])
      if (institutionWithoutMeals(values) && (input.serviceArea?.length ?? 0) > 0) throw servesNoMeals('/body/serviceArea')
      const serviceArea = input.serviceArea ?? (servesMeals(values) ? [input.communityCode] : [])
      return fastify.db.transaction(async (tx) => {
        await checkFacility(actor.tenantId, values, tx)
        await checkCommunities(actor.tenantId, serviceArea, '/body/serviceArea', tx)
        const { serviceArea: _area, contactPhone, tags: _tags, tagsFrom: _tagsFrom, ...columns } = values
        const row = await facilities.insert(
          { ...columns, tenantId: actor.tenantId, contactPhoneEncrypted: contactPhone ? pii.encrypt(contactPhone) : null },
          tx,
        )
        await facilities.insertServiceAreas(
          serviceArea.map((communityCode) => ({ tenantId: actor.tenantId, id: uuidv7(), facilityId: id, communityCode, validFrom: row.openedOn })),
          tx,
        )
        await facilities.insertTagPeriods(
          tags.map((tag) => ({ tenantId: actor.tenantId, id: uuidv7(), facilityId: id, tag, validFrom: tagsFrom })),
          tx,
        )
        await audit.record(
          actor,
          {
            action: 'facility.create',
            entityType: 'facility',
            entityId: id,
            changes: changedFields(null, { ...audited(row, contactPhone ?? null, tags), ...(tags.length > 0 ? { tagsFrom } : {}), serviceArea }),
          },
          tx,
        )
        return mapFacility((await load(actor, id, tx))!, shanghaiToday(), pii)
      })
    }

    async function update(actor: Actor, id: string, input: FacilityUpdate): Promise<Facility> {
      return fastify.db.transaction(async (tx) => {
        const before = await load(actor, id, tx)
        const today = shanghaiToday()
        const { contactPhone, tags, tagsFrom, ...columns } = input
        const merged = { ...before, ...columns }
        await checkFacility(actor.tenantId, merged, tx)
        if (institutionWithoutMeals(merged) && (await facilities.hasServiceAreaFrom(actor.tenantId, id, today, tx))) throw servesNoMeals('/body/mealSlots')
        const after = (await facilities.update(
          actor.tenantId,
          id,
          { ...columns, ...(contactPhone !== undefined ? { contactPhoneEncrypted: contactPhone === null ? null : pii.encrypt(contactPhone) } : {}) },
          tx,
        ))!
        if (after.openedOn !== before.openedOn) {
          await facilities.moveOpeningServiceArea(actor.tenantId, id, before.openedOn, after.openedOn, tx)
          await facilities.moveOpeningTags(actor.tenantId, id, before.openedOn, after.openedOn, tx)
        }
        const tagsBefore = tagsOn(before.tagHistory, today)
        const tagDay = tagsFrom ?? today
        if (tags !== undefined) {
          if (tagDay < after.openedOn) throw invalid('tags cannot hold before the facility opened', [{ path: '/body/tagsFrom', message: 'before openedOn' }])
          await replaceTagsFrom(facilities, actor.tenantId, id, tags, tagDay, tx)
        }
        const phoneBefore = before.contactPhoneEncrypted ? pii.decrypt(before.contactPhoneEncrypted) : null
        const changes = changedFields(audited(before, phoneBefore, tagsBefore), audited(after, contactPhone !== undefined ? contactPhone : phoneBefore, tags ?? tagsBefore))
        if (tags !== undefined && changes.tags) changes.tagsFrom = { to: tagDay }
        await audit.record(actor, { action: 'facility.update', entityType: 'facility', entityId: id, changes }, tx)
        return mapFacility((await load(actor, id, tx))!, shanghaiToday(), pii)
      })
    }

    async function serviceArea(actor: Actor, id: string, asOf: string = shanghaiToday()): Promise<ServiceArea> {
      await load(actor, id)
      const history = await facilities.serviceAreaHistory(actor.tenantId, id)
      const names = new Map((await regions.findCommunities(actor.tenantId, [...new Set(history.map((row) => row.communityCode))])).map((row) => [row.code, row.name]))
      const current = history.filter((row) => row.validFrom <= asOf && (row.validTo === null || row.validTo > asOf))
      return {
        facilityId: id,
        asOf,
        communities: current.map((row) => mapServiceAreaEntry(row, names)),
        history: history.map((row) => mapServiceAreaEntry(row, names)),
      }
    }

    /**
     * Sets the communities served from `effectiveFrom` on. Periods before that day stay as they were, so
     * coverage on a past date still comes out as it was then.
     */
    async function replaceServiceArea(actor: Actor, id: string, input: ServiceAreaPut): Promise<ServiceArea> {
      const day = input.effectiveFrom ?? shanghaiToday()
      const wanted = new Set(input.communityCodes)
      await fastify.db.transaction(async (tx) => {
        const facility = await load(actor, id, tx)
        if (day < facility.openedOn) throw invalid('the new service area cannot start before the facility opened')
        if (institutionWithoutMeals(facility) && input.communityCodes.length > 0) throw servesNoMeals('/body/communityCodes')
        await checkCommunities(actor.tenantId, input.communityCodes, '/body/communityCodes', tx)
        const inForce = await facilities.serviceAreaFrom(actor.tenantId, id, day, tx)
        const before = inForce.filter((row) => row.validFrom <= day).map((row) => row.communityCode).sort()
        const continuing = new Set<string>()
        for (const row of inForce) {
          if (row.validFrom >= day) await facilities.deleteServiceArea(actor.tenantId, row.id, tx)
          else if (wanted.has(row.communityCode) && row.validTo === null) continuing.add(row.communityCode)
          else await facilities.closeServiceArea(actor.tenantId, row.id, day, tx)
        }
        await facilities.insertServiceAreas(
          [...wanted]
            .filter((code) => !continuing.has(code))
            .map((communityCode) => ({ tenantId: actor.tenantId, id: uuidv7(), facilityId: id, communityCode, validFrom: day })),
          tx,
        )
        await audit.record(
          actor,
          {
            action: 'facility.service_area',
            entityType: 'facility',
            entityId: id,
            changes: { serviceArea: { from: before, to: [...wanted].sort() }, effectiveFrom: { to: day } },
          },
          tx,
        )
      })
      return serviceArea(actor, id, day)
    }

    /** The facility row if the actor may see it, else 404: the one scope check for every module that names a facility. */
    async function findInScope(actor: Actor, id: string): Promise<FacilityRow> {
      const [row] = await facilities.findByIds(actor.tenantId, [id])
      if (!row || !inScope(actor, row)) throw notFound('facility')
      return row
    }

    fastify.decorate('facilitiesService', { list, get, create, update, serviceArea, replaceServiceArea, inScope, findInScope })
  },
  { name: 'facilities-service', dependencies: ['facilities-repository', 'regions-repository', 'audit-repository', 'pii'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    facilitiesService: {
      list(actor: Actor, query: FacilityListQuery): Promise<{ items: Facility[]; total: number }>
      get(actor: Actor, id: string): Promise<Facility>
      create(actor: Actor, input: FacilityCreate): Promise<Facility>
      update(actor: Actor, id: string, input: FacilityUpdate): Promise<Facility>
      serviceArea(actor: Actor, id: string, asOf?: string): Promise<ServiceArea>
      replaceServiceArea(actor: Actor, id: string, input: ServiceAreaPut): Promise<ServiceArea>
      inScope(actor: Actor, row: { id: string; communityCode: string }): boolean
      findInScope(actor: Actor, id: string): Promise<FacilityRow>
    }
  }
}
