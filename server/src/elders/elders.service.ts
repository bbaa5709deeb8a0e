import { uuidv7, type Executor } from '@eldercare/db'
import {
  isValidIdNumber,
  type Elder,
  type ElderCategoryEntry,
  type ElderCreate,
  type ElderReveal,
  type ElderSearchBody,
  type ElderStatus,
  type ElderStatusChange,
  type ElderUpdate,
  type ErrorDetail,
  type RosterExportQuery,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { scopeOf, townOfCommunity } from '../auth/scope.js'
import { AppError, notFound } from '../errors.js'
import { ageOn, shanghaiToday } from '../http/dates.js'
import { isUniqueViolation } from '../http/postgres-errors.js'
import { classifySearch, identityColumns, nameInitials, normalizeIdNumber, phoneColumns } from './elder-identity.js'
import { mapElder, type ElderWithStatus } from './elders.mapper.js'
import type { ElderFilter, ElderView } from './elders.repository.js'

/** The roster holds people aged 60 and over (domain.md). */
export const MIN_ELDER_AGE = 60

const invalid = (message: string, details?: ErrorDetail[]) => new AppError('ELDER_INVALID', message, details)

/** Rules across fields of an elder that a schema cannot say; shared by the form and the import. */
export function elderProblems(input: {
  birthDate: string
  status: ElderStatus
  deceasedOn: string | null
  categories: ElderCategoryEntry[]
  today: string
}): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  if (ageOn(input.birthDate, input.today) < MIN_ELDER_AGE) problems.push({ path: '/body/idNumber', message: `younger than ${MIN_ELDER_AGE}` })
  if (input.status === 'deceased' && !input.deceasedOn) problems.push({ path: '/body/deceasedOn', message: 'a deceased elder needs the date of death' })
  if (input.status !== 'deceased' && input.deceasedOn) problems.push({ path: '/body/deceasedOn', message: 'only a deceased elder has a date of death' })
  if (input.deceasedOn && (input.deceasedOn > input.today || input.deceasedOn < input.birthDate)) {
    problems.push({ path: '/body/deceasedOn', message: 'date of death is not possible' })
  }
  input.categories.forEach((entry, index) => {
    if (entry.level && entry.category !== 'disabled') problems.push({ path: `/body/categories/${index}/level`, message: 'only 失能 has a level' })
    if (entry.endOn && entry.endOn < entry.startOn) problems.push({ path: `/body/categories/${index}/endOn`, message: 'ends before it starts' })
  })
  return problems
}

/** What the audit log compares; phone and 身份证号 are masked there by name. */
function audited(row: ElderWithStatus, phone: string | null) {
  return {
    name: row.name,
    communityCode: row.communityCode,
    status: row.status,
    statusSince: row.currentStatus?.effectiveFrom ?? null,
    institutionId: row.currentStatus?.institutionId ?? null,
    deceasedOn: row.deceasedOn,
    concentratedCareNeedSince: row.careNeed?.validFrom ?? null,
    dietaryNotes: row.dietaryNotes,
    phone,
    categories: row.categories.map((c) => `${c.category}${c.level ? `:${c.level}` : ''}@${c.startOn}${c.endOn ? `..${c.endOn}` : ''}`),
    pickupDelegates: row.delegates.map((d) => `${d.name}(${d.relation})`),
  }
}

export default fp(
  async (fastify) => {
    const elders = fastify.eldersRepository
    const facilities = fastify.facilitiesRepository
    const regions = fastify.regionsRepository
    const audit = fastify.auditRepository
    const statusRepository = fastify.elderStatusRepository
    const { pii } = fastify

    /** The elders an actor may see: by town for town staff, by the communities their facilities serve for operators. */
    async function scopeFilter(actor: Actor, today: string): Promise<Pick<ElderFilter, 'scopeTownCodes' | 'scopeCommunityCodes'>> {
      const scope = scopeOf(actor)
      if (scope.kind === 'towns') return { scopeTownCodes: scope.townCodes }
      if (scope.kind === 'facilities') return { scopeCommunityCodes: await facilities.communitiesServedBy(actor.tenantId, scope.facilityIds, today) }
      return {}
    }

    async function communityInScope(actor: Actor, communityCode: string, today: string, exec: Executor): Promise<boolean> {
      const scope = scopeOf(actor)
      if (scope.kind === 'towns') return scope.townCodes.includes(townOfCommunity(communityCode))
      if (scope.kind === 'facilities') return (await facilities.communitiesServedBy(actor.tenantId, scope.facilityIds, today, exec)).includes(communityCode)
      return true
    }

    /** An elder the actor may see, or 404: out of scope and nonexistent look the same. */
    async function load(actor: Actor, id: string, exec: Executor = fastify.db): Promise<ElderView> {
      const row = await elders.findView(actor.tenantId, id, exec)
      if (!row || !(await communityInScope(actor, row.communityCode, shanghaiToday(), exec))) throw notFound('elder')
      return row
    }

    async function checkCommunity(actor: Actor, communityCode: string, today: string, exec: Executor) {
      const [community] = await regions.findCommunities(actor.tenantId, [communityCode], exec)
      if (!community) throw invalid('unknown community', [{ path: '/body/communityCode', message: `community ${communityCode} does not exist` }])
      if (!(await communityInScope(actor, communityCode, today, exec))) throw new AppError('FORBIDDEN', 'this community is outside your scope')
    }

    function categoryRows(tenantId: string, elderId: string, categories: ElderCategoryEntry[]) {
      return categories.map((entry) => ({
        tenantId,
        id: uuidv7(),
        elderId,
        category: entry.category,
        level: entry.level ?? null,
        startOn: entry.startOn,
        endOn: entry.endOn ?? null,
      }))
    }

    /** Delegates as given; one naming an existing delegate's id keeps its stored phone unless a phone is sent. */
    function delegateRows(tenantId: string, elderId: string, delegates: NonNullable<ElderCreate['pickupDelegates']>, existing: ElderView['delegates'] = []) {
      return delegates.map((delegate) => {
        const known = delegate.id ? existing.find((row) => row.id === delegate.id) : undefined
        const phoneEncrypted = delegate.phone === undefined ? (known?.phoneEncrypted ?? null) : delegate.phone === null ? null : pii.encrypt(delegate.phone)
        return { tenantId, id: known?.id ?? uuidv7(), elderId, name: delegate.name, relation: delegate.relation, phoneEncrypted, consentOn: delegate.consentOn }
      })
    }

    /** Each elder's latest status and open need of concentrated care, which every response shows. */
    async function withStatus(tenantId: string, rows: ElderView[], exec: Executor = fastify.db): Promise<ElderWithStatus[]> {
      const ids = rows.map((row) => row.id)
      const [statuses, needs] = await Promise.all([statusRepository.latest(tenantId, ids, exec), statusRepository.openNeeds(tenantId, ids, exec)])
      return rows.map((row) => ({ ...row, currentStatus: statuses.get(row.id) ?? null, careNeed: needs.get(row.id) ?? null }))
    }

    /** The status a form's fields ask for, with its day: a death from its date, anything else from `statusFrom` or today. */
    function statusChange(input: Pick<ElderUpdate, 'statusFrom' | 'institutionId'>, status: ElderStatus, deceasedOn: string | null, today: string): ElderStatusChange {
      return {
        status,
        effectiveFrom: status === 'deceased' && deceasedOn ? deceasedOn : (input.statusFrom ?? today),
        ...(input.institutionId !== undefined ? { institutionId: input.institutionId } : {}),
      }
    }

    /**
     * 有集中供养需求 from `since` on, or none from today (null). A need already open has its start corrected;
     * a need ended today that began today leaves nothing behind.
     */
    async function recordCareNeed(actor: Actor, elderId: string, since: string | null, today: string, exec: Executor) {
      const open = (await statusRepository.openNeeds(actor.tenantId, [elderId], exec)).get(elderId)
      if (since === null) {
        if (!open) return
        if (open.validFrom >= today) await statusRepository.deleteNeed(actor.tenantId, open.id, exec)
        else await statusRepository.updateNeed(actor.tenantId, open.id, { validTo: today, recordedBy: actor.userId }, exec)
        return
      }
      if (since > today) throw invalid('the need cannot start after today', [{ path: '/body/concentratedCareNeedSince', message: 'after today' }])
      const lastEnd = await statusRepository.lastClosedNeedEnd(actor.tenantId, elderId, exec)
      if (lastEnd && since < lastEnd) throw invalid('the need overlaps an earlier recorded need', [{ path: '/body/concentratedCareNeedSince', message: `an earlier need ended on ${lastEnd}` }])
      if (open) {
        if (open.validFrom !== since) await statusRepository.updateNeed(actor.tenantId, open.id, { validFrom: since, recordedBy: actor.userId }, exec)
        return
      }
      await statusRepository.insertNeed({ tenantId: actor.tenantId, id: uuidv7(), elderId, validFrom: since, recordedBy: actor.userId }, exec)
    }

    /** The repository filter, named field by field: nothing a request adds reaches the query. */
    async function filterOf(actor: Actor, query: ElderSearchBody | RosterExportQuery, today: string): Promise<ElderFilter> {
      const q = 'q' in query ? query.q?.trim() : undefined
      return {
        communityCode: query.communityCode,
        townCode: query.townCode,
        category: query.category,
        status: query.status,
        ...(q ? { search: classifySearch(q, pii) } : {}),
        ...(await scopeFilter(actor, today)),
        today,
      }
    }

    /** The roster by filters (`GET /elders`) or searched (`POST /elders/search`). */
    async function list(actor: Actor, query: ElderSearchBody) {
      const { page = 1, pageSize = 20 } = query
      const today = shanghaiToday()
      const { rows, total } = await elders.list(actor.tenantId, await filterOf(actor, query, today), page, pageSize)
      return { items: (await withStatus(actor.tenantId, rows)).map((row) => mapElder(row, today, pii)), total }
    }

    async function get(actor: Actor, id: string): Promise<Elder> {
      const [row] = await withStatus(actor.tenantId, [await load(actor, id)])
      return mapElder(row!, shanghaiToday(), pii)
    }

    async function create(actor: Actor, input: ElderCreate): Promise<Elder> {
      const today = shanghaiToday()
      const idNumber = normalizeIdNumber(input.idNumber)
      if (!isValidIdNumber(idNumber)) {
        throw new AppError('ELDER_ID_NUMBER_INVALID', '身份证号 checksum or birth date is wrong', [{ path: '/body/idNumber', message: 'invalid' }])
      }
      const identity = identityColumns(idNumber, pii)
      const status = input.status ?? 'active'
      const categories = input.categories ?? []
      const problems = elderProblems({ birthDate: identity.birthDate, status, deceasedOn: input.deceasedOn ?? null, categories, today })
      if (problems.length > 0) throw invalid('the elder has errors', problems)
      const id = uuidv7()
      try {
        return await fastify.db.transaction(async (tx) => {
          await checkCommunity(actor, input.communityCode, today, tx)
          await elders.insert(
            {
              tenantId: actor.tenantId,
              id,
              ...identity,
              ...phoneColumns(input.phone, pii),
              name: input.name,
              nameInitials: nameInitials(input.name),
              communityCode: input.communityCode,
              status,
              deceasedOn: input.deceasedOn ?? null,
              dietaryNotes: input.dietaryNotes ?? null,
            },
            tx,
          )
          await elders.replaceCategories(actor.tenantId, id, categoryRows(actor.tenantId, id, categories), tx)
          await elders.replaceDelegates(actor.tenantId, [id], delegateRows(actor.tenantId, id, input.pickupDelegates ?? []), tx)
          await fastify.elderStatusService.record(
            actor,
            [{ elderId: id, change: statusChange(input, status, input.deceasedOn ?? null, today), birthDate: identity.birthDate }],
            'form',
            tx,
          )
          if (input.concentratedCareNeedSince) await recordCareNeed(actor, id, input.concentratedCareNeedSince, today, tx)
          const [created] = await withStatus(actor.tenantId, [(await elders.findView(actor.tenantId, id, tx))!], tx)
          await audit.record(
            actor,
            { action: 'elder.create', entityType: 'elder', entityId: id, changes: changedFields(null, { idNumber, ...audited(created!, input.phone ?? null) }) },
            tx,
          )
          return mapElder(created!, today, pii)
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('ELDER_DUPLICATE', 'an elder with this 身份证号 is already on the roster')
        throw error
      }
    }

    async function update(actor: Actor, id: string, input: ElderUpdate): Promise<Elder> {
      const today = shanghaiToday()
      return fastify.db.transaction(async (tx) => {
        const [before] = await withStatus(actor.tenantId, [await load(actor, id, tx)], tx)
        if (!before) throw notFound('elder')
        const status = input.status ?? before.status
        const deceasedOn = input.deceasedOn !== undefined ? input.deceasedOn : status === 'deceased' ? before.deceasedOn : null
        const categories = input.categories ?? before.categories.map((c) => ({ category: c.category, level: c.level, startOn: c.startOn, endOn: c.endOn }))
        const problems = elderProblems({ birthDate: before.birthDate, status, deceasedOn, categories, today })
        if (problems.length > 0) throw invalid('the elder has errors', problems)
        if (input.communityCode && input.communityCode !== before.communityCode) await checkCommunity(actor, input.communityCode, today, tx)
        await elders.update(
          actor.tenantId,
          id,
          {
            ...(input.name !== undefined ? { name: input.name, nameInitials: nameInitials(input.name) } : {}),
            ...(input.phone !== undefined ? phoneColumns(input.phone, pii) : {}),
            ...(input.communityCode !== undefined ? { communityCode: input.communityCode } : {}),
            ...(input.dietaryNotes !== undefined ? { dietaryNotes: input.dietaryNotes } : {}),
          },
          tx,
        )
        const statusAsked = input.status !== undefined || input.statusFrom !== undefined || input.institutionId !== undefined || input.deceasedOn !== undefined
        if (statusAsked) {
          const change = statusChange({ statusFrom: input.statusFrom, institutionId: input.institutionId ?? (status === 'in_institution' ? before.currentStatus?.institutionId : undefined) }, status, deceasedOn, today)
          // The same status sent back by a form that only edited other fields is no change of status.
          const unchanged = status === before.status && input.statusFrom === undefined && (change.institutionId ?? null) === (before.currentStatus?.institutionId ?? null) && deceasedOn === before.deceasedOn
          if (!unchanged) await fastify.elderStatusService.record(actor, [{ elderId: id, change, birthDate: before.birthDate }], 'form', tx)
        }
        if (input.concentratedCareNeedSince !== undefined) await recordCareNeed(actor, id, input.concentratedCareNeedSince, today, tx)
        if (input.categories) await elders.replaceCategories(actor.tenantId, id, categoryRows(actor.tenantId, id, input.categories), tx)
        if (input.pickupDelegates) {
          await elders.replaceDelegates(actor.tenantId, [id], delegateRows(actor.tenantId, id, input.pickupDelegates, before.delegates), tx)
        }
        const [after] = await withStatus(actor.tenantId, [(await elders.findView(actor.tenantId, id, tx))!], tx)
        const phoneBefore = before.phoneEncrypted ? pii.decrypt(before.phoneEncrypted) : null
        const changes = changedFields(audited(before, phoneBefore), audited(after!, input.phone !== undefined ? input.phone : phoneBefore))
        await audit.record(actor, { action: 'elder.update', entityType: 'elder', entityId: id, changes }, tx)
        return mapElder(after!, today, pii)
      })
    }

    /** Shows the whole 身份证号 and phone to a user allowed to see them, and records that it happened. */
    async function reveal(actor: Actor, id: string): Promise<ElderReveal> {
      const row = await load(actor, id)
      await audit.record(actor, { action: 'elder.reveal', entityType: 'elder', entityId: id, changes: {} })
      return { idNumber: pii.decrypt(row.idNumberEncrypted), phone: row.phoneEncrypted ? pii.decrypt(row.phoneEncrypted) : null }
    }

    fastify.decorate('eldersService', { list, get, create, update, reveal, scopeFilter, filterOf, loadInScope: load })
  },
  { name: 'elders-service', dependencies: ['elder-status-service', 'elder-status-repository', 'elders-repository', 'facilities-repository', 'regions-repository', 'audit-repository', 'pii'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    eldersService: {
      list(actor: Actor, query: ElderSearchBody): Promise<{ items: Elder[]; total: number }>
      get(actor: Actor, id: string): Promise<Elder>
      create(actor: Actor, input: ElderCreate): Promise<Elder>
      update(actor: Actor, id: string, input: ElderUpdate): Promise<Elder>
      reveal(actor: Actor, id: string): Promise<ElderReveal>
      scopeFilter(actor: Actor, today: string): Promise<Pick<ElderFilter, 'scopeTownCodes' | 'scopeCommunityCodes'>>
      /** An elder the actor may see, or 404. */
      loadInScope(actor: Actor, id: string, exec?: Executor): Promise<ElderView>
      filterOf(actor: Actor, query: ElderSearchBody | RosterExportQuery, today: string): Promise<ElderFilter>
    }
  }
}
