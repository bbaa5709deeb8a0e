import { uuidv7 } from '@eldercare/db'
import { maskPhone, ROSTER_COLUMN_FIELDS, type Role, type RosterColumnField, type RosterColumnMappingPut, type RosterColumnMappings, type RosterExportQuery, type RosterImportResult } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { AppError } from '../errors.js'
import { communityNameIndex } from '../regions/community-names.js'
import { addDays, ageOn, shanghaiToday } from '../http/dates.js'
import { identityColumns, nameInitials, phoneColumns } from './elder-identity.js'
import { MIN_ELDER_AGE } from './elders.service.js'
import { maskedIdNumber } from './elders.mapper.js'
import type { ElderInsert } from './elders.repository.js'
import {
  ADVANCED_AGE_LABEL,
  CATEGORY_LABELS,
  CATEGORY_SEPARATOR,
  GENDER_LABELS,
  LEVEL_LABELS,
  parseRosterXlsx,
  STATUS_LABELS,
  writeRosterXlsx,
  headerKey,
  type RosterExportRow,
  type RosterIssue,
  type RosterRow,
} from './roster-xlsx/index.js'

/** Roles that may see whole 身份证号 and phone numbers (reveal, unmasked export). */
export const REVEAL_ROLES: readonly Role[] = ['bureau_admin', 'bureau_staff', 'town_staff']

/** Detail lines an error response carries at most; the dry run shows them all. */
const MAX_ERROR_DETAILS = 2000

export default fp(
  async (fastify) => {
    const elders = fastify.eldersRepository
    const regions = fastify.regionsRepository
    const audit = fastify.auditRepository
    const { pii } = fastify

    /** Finds each row's community by code or by name, within the actor's scope; adds an issue where it cannot. */
    async function resolveCommunities(actor: Actor, rows: RosterRow[], today: string, issues: RosterIssue[]) {
      const all = await elders.communities(actor.tenantId)
      const codes = new Set(all.map((row) => row.code))
      const findByName = communityNameIndex(all)
      const scope = await fastify.eldersService.scopeFilter(actor, today)
      const allowed = (code: string) =>
        (!scope.scopeTownCodes || scope.scopeTownCodes.includes(code.slice(0, 9))) &&
        (!scope.scopeCommunityCodes || scope.scopeCommunityCodes.includes(code))

      const resolved: { row: RosterRow; communityCode: string }[] = []
      for (const row of rows) {
        let code: string | undefined
        if (row.communityCode) {
          if (codes.has(row.communityCode)) code = row.communityCode
          else issues.push({ line: row.line, column: '社区代码', message: `社区代码 ${row.communityCode} 不存在` })
        } else if (row.communityName) {
          const matches = findByName(row.communityName)
          if (matches.length === 1) code = matches[0]
          else if (matches.length === 0) issues.push({ line: row.line, column: '所属社区', message: `找不到社区“${row.communityName}”` })
          else issues.push({ line: row.line, column: '所属社区', message: `社区名称“${row.communityName}”不唯一，请填写社区代码` })
        } else {
          issues.push({ line: row.line, column: '所属社区', message: '未填写所属社区' })
        }
        if (!code) continue
        if (!allowed(code)) {
          issues.push({ line: row.line, column: '所属社区', message: '该社区不在您的管辖范围内' })
          continue
        }
        if (ageOn(row.birthDate, today) < MIN_ELDER_AGE) {
          issues.push({ line: row.line, column: '身份证号', message: `未满${MIN_ELDER_AGE}周岁，不能列入老年人名册` })
          continue
        }
        resolved.push({ row, communityCode: code })
      }
      return resolved
    }

    /**
     * Reads a roster file; with `dryRun` only reports. A commit writes every row or, if any row has an
     * issue, nothing. Elders are matched by 身份证号, so importing the same file twice adds nobody.
     */
    async function importRoster(actor: Actor, file: Buffer, dryRun: boolean): Promise<RosterImportResult> {
      const today = shanghaiToday()
      const parsed = await parseRosterXlsx(file, { mappings: await rosterMappings(actor.tenantId) })
      const issues = [...parsed.issues]
      const resolved = await resolveCommunities(actor, parsed.rows, today, issues)
      const prepared = resolved.map(({ row, communityCode }) => ({ row, communityCode, identity: identityColumns(row.idNumber, pii) }))
      const existing = await elders.idsByHash(actor.tenantId, prepared.map((item) => item.identity.idNumberHash))
      const rowCount = parsed.rows.length + new Set(parsed.issues.filter((issue) => issue.line > parsed.headerRow).map((issue) => issue.line)).size
      const result = {
        dryRun,
        rows: rowCount,
        created: prepared.filter((item) => !existing.has(item.identity.idNumberHash)).length,
        updated: prepared.filter((item) => existing.has(item.identity.idNumberHash)).length,
        issues: issues.sort((a, b) => a.line - b.line),
        ...(parsed.columnsNeeded ? { columnsNeeded: parsed.columnsNeeded } : {}),
      }
      if (dryRun) return result
      if (issues.length > 0) {
        throw new AppError(
          'ROSTER_IMPORT_INVALID',
          `the file has ${issues.length} problem(s); nothing was imported`,
          issues.slice(0, MAX_ERROR_DETAILS).map((issue) => ({ line: issue.line, ...(issue.column ? { path: issue.column } : {}), message: issue.message })),
        )
      }

      const elderRows: ElderInsert[] = prepared.map(({ row, communityCode, identity }) => ({
        tenantId: actor.tenantId,
        id: existing.get(identity.idNumberHash) ?? uuidv7(),
        ...identity,
        ...phoneColumns(row.phone, pii),
        name: row.name,
        nameInitials: nameInitials(row.name),
        communityCode,
        status: row.status,
        deceasedOn: row.deceasedOn,
        dietaryNotes: row.dietaryNotes,
      }))
      const idOf = new Map(elderRows.map((row) => [row.idNumberHash, row.id!]))

      await fastify.db.transaction(async (tx) => {
        const statusBefore = await fastify.elderStatusRepository.latest(actor.tenantId, [...existing.values()], tx)
        await elders.upsertMany(elderRows, tx)
        // A status the file changes (or a new elder's) enters the history: a death from its date, anything else from today.
        await fastify.elderStatusService.record(
          actor,
          prepared
            .map(({ row, identity }) => ({ row, identity, elderId: idOf.get(identity.idNumberHash)! }))
            .filter(({ row, elderId }) => (statusBefore.get(elderId)?.status ?? 'active') !== row.status)
            .map(({ row, identity, elderId }) => ({
              elderId,
              birthDate: identity.birthDate,
              change: { status: row.status, effectiveFrom: row.status === 'deceased' && row.deceasedOn ? row.deceasedOn : today },
            })),
          'import',
          tx,
        )
        // Categories keep their history: ones the file no longer lists end yesterday, new ones start.
        const open = await elders.openCategories(actor.tenantId, [...idOf.values()], tx)
        const openByElder = new Map<string, typeof open>()
        for (const category of open) openByElder.set(category.elderId, [...(openByElder.get(category.elderId) ?? []), category])
        const toEnd: string[] = []
        const toInsert: Parameters<typeof elders.insertCategories>[0] = []
        for (const { row, identity } of prepared) {
          const elderId = idOf.get(identity.idNumberHash)!
          const current = openByElder.get(elderId) ?? []
          for (const category of current) {
            const same = row.categories.find((entry) => entry.category === category.category && (entry.level ?? null) === category.level)
            if (!same) toEnd.push(category.id)
          }
          for (const entry of row.categories) {
            const kept = current.find((category) => category.category === entry.category && category.level === (entry.level ?? null))
            if (!kept) {
              toInsert.push({ tenantId: actor.tenantId, id: uuidv7(), elderId, category: entry.category, level: entry.level, startOn: entry.startOn ?? today })
            }
          }
        }
        await elders.endCategories(actor.tenantId, toEnd, addDays(today, -1), tx)
        await elders.insertCategories(toInsert, tx)
        const withDelegate = prepared.filter((item) => item.row.delegate)
        await elders.replaceDelegates(
          actor.tenantId,
          withDelegate.map((item) => idOf.get(item.identity.idNumberHash)!),
          withDelegate.map(({ row, identity }) => ({
            tenantId: actor.tenantId,
            id: uuidv7(),
            elderId: idOf.get(identity.idNumberHash)!,
            name: row.delegate!.name,
            relation: row.delegate!.relation ?? '代领人',
            phoneEncrypted: row.delegate!.phone ? pii.encrypt(row.delegate!.phone) : null,
            consentOn: today,
          })),
          tx,
        )
        await audit.record(
          actor,
          {
            action: 'elder.import',
            entityType: 'elder',
            entityId: 'roster',
            changes: { rows: { to: result.rows }, created: { to: result.created }, updated: { to: result.updated } },
          },
          tx,
        )
      })
      return result
    }

    /** The roster as .xlsx with Chinese headers; whole numbers only when asked for and allowed. */
    async function exportRoster(actor: Actor, query: RosterExportQuery): Promise<Buffer> {
      const today = shanghaiToday()
      const reveal = Boolean(query.reveal) && REVEAL_ROLES.includes(actor.role)
      const towns = new Map((await regions.list(actor.tenantId, { level: 'town' })).map((town) => [town.code, town.name]))
      const rows: RosterExportRow[] = []
      for await (const batch of elders.all(actor.tenantId, await fastify.eldersService.filterOf(actor, query, today))) {
        for (const elder of batch) {
          const phone = elder.phoneEncrypted ? pii.decrypt(elder.phoneEncrypted) : null
          const current = elder.categories.filter((c) => c.startOn <= today && (c.endOn === null || c.endOn >= today))
          const age = ageOn(elder.birthDate, today)
          const labels = current.map((c) => CATEGORY_LABELS[c.category])
          if (age >= 80) labels.push(ADVANCED_AGE_LABEL)
          const level = current.find((c) => c.category === 'disabled')?.level
          const delegate = elder.delegates[0]
          const delegatePhone = delegate?.phoneEncrypted ? pii.decrypt(delegate.phoneEncrypted) : null
          rows.push({
            name: elder.name,
            idNumber: reveal ? pii.decrypt(elder.idNumberEncrypted) : maskedIdNumber(elder),
            gender: GENDER_LABELS[elder.gender],
            birthDate: reveal ? elder.birthDate : null,
            age,
            phone: phone && (reveal ? phone : maskPhone(phone)),
            townName: towns.get(elder.communityCode.slice(0, 9)) ?? null,
            communityName: elder.communityName,
            communityCode: elder.communityCode,
            categories: labels.length > 0 ? labels.join(CATEGORY_SEPARATOR) : null,
            disabilityLevel: level ? LEVEL_LABELS[level] : null,
            status: STATUS_LABELS[elder.status],
            deceasedOn: elder.deceasedOn,
            dietaryNotes: elder.dietaryNotes,
            delegateName: delegate?.name ?? null,
            delegateRelation: delegate?.relation ?? null,
            delegatePhone: delegatePhone && (reveal ? delegatePhone : maskPhone(delegatePhone)),
          })
        }
      }
      await audit.record(actor, {
        action: 'elder.export',
        entityType: 'elder',
        entityId: 'roster',
        changes: { rows: { to: rows.length }, revealed: { to: reveal } },
      })
      return writeRosterXlsx(rows, { title: `老年人花名册（${today}）` })
    }

    function storedMappings(tenantId: string): Promise<{ headerKey: string; header: string; field: RosterColumnField }[]> {
      return fastify.importMappingsRepository.fieldsByHeader(tenantId, 'roster', ROSTER_COLUMN_FIELDS)
    }

    async function rosterMappings(tenantId: string): Promise<Map<string, RosterColumnField>> {
      return new Map((await storedMappings(tenantId)).map((row) => [row.headerKey, row.field]))
    }

    /** What the user said columns are, kept for the tenant's next files with the same headers. */
    async function saveMappings(actor: Actor, input: RosterColumnMappingPut): Promise<RosterColumnMappings> {
      const mappings = input.mappings.map((mapping) => ({ headerKey: headerKey(mapping.header), header: mapping.header, field: mapping.field })).filter((mapping) => mapping.headerKey !== '')
      await fastify.db.transaction(async (tx) => {
        await fastify.importMappingsRepository.save(actor.tenantId, 'roster', mappings, tx)
        const changes = Object.fromEntries(mappings.map((mapping) => [mapping.header, { to: mapping.field }]))
        await audit.record(actor, { action: 'elder.import_mapping', entityType: 'elder', entityId: 'roster', changes }, tx)
      })
      return { mappings: (await storedMappings(actor.tenantId)).map(({ header, field }) => ({ header, field })) }
    }

    fastify.decorate('eldersRosterService', { importRoster, exportRoster, saveMappings })
  },
  { name: 'elders-roster-service', dependencies: ['elders-repository', 'import-mappings-repository', 'elder-status-repository', 'elder-status-service', 'regions-repository', 'audit-repository', 'elders-service', 'pii'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    eldersRosterService: {
      importRoster(actor: Actor, file: Buffer, dryRun: boolean): Promise<RosterImportResult>
      saveMappings(actor: Actor, input: RosterColumnMappingPut): Promise<RosterColumnMappings>
      exportRoster(actor: Actor, query: RosterExportQuery): Promise<Buffer>
    }
  }
}
