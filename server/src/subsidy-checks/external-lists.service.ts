import { uuidv7 } from '@eldercare/db'
import { statusOn, type ExternalListResult } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { statusChangeProblems } from '../elders/elder-status.service.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { parseExternalList } from './external-list-xlsx.js'

type Row = ExternalListResult['rows'][number]

/**
 * `external_list`: a death or 户籍注销 list matched against the roster by the 身份证号 HMAC. Each
 * match records the death in the status history (by the importer, the file named in the audit and in
 * the list record) and raises an `external_list` finding with what was paid on or after that day;
 * then the status checks run for those elders. A dry run reports the matches and writes nothing.
 */
export default fp(
  async (fastify) => {
    const repository = fastify.subsidyChecksRepository
    const audit = fastify.auditRepository

    async function importList(actor: Actor, file: Buffer, fileName: string, dryRun: boolean): Promise<ExternalListResult> {
      let entries
      try {
        entries = await parseExternalList(file)
      } catch (error) {
        throw new AppError('SUBSIDY_LIST_INVALID', 'the list cannot be read', [{ message: (error as Error).message }])
      }
      const today = shanghaiToday()
      const valid = entries.flatMap((entry) => (entry.ok ? [{ ...entry, hash: fastify.pii.fingerprint(entry.idNumber) }] : []))
      const ids = await fastify.eldersRepository.idsByHash(actor.tenantId, valid.map((entry) => entry.hash))
      const elderIds = [...new Set(ids.values())]
      const [births, histories] = await Promise.all([repository.birthDates(actor.tenantId, elderIds), repository.histories(actor.tenantId, elderIds)])

      const rows: Row[] = []
      const deaths = new Map<string, string>()
      for (const entry of entries) {
        if (!entry.ok) {
          rows.push({ line: entry.line, outcome: 'invalid', elderId: null, deceasedOn: null, message: entry.message })
          continue
        }
        const elderId = ids.get(fastify.pii.fingerprint(entry.idNumber))
        if (!elderId) {
          rows.push({ line: entry.line, outcome: 'unknown', elderId: null, deceasedOn: entry.deceasedOn, message: '花名册中无此身份证号' })
          continue
        }
        const problems = statusChangeProblems({ status: 'deceased', effectiveFrom: entry.deceasedOn }, { birthDate: births.get(elderId)! }, today, 'import')
        if (problems.length > 0) {
          rows.push({ line: entry.line, outcome: 'invalid', elderId, deceasedOn: entry.deceasedOn, message: '死亡（注销）日期晚于今天或早于出生日期' })
          continue
        }
        const current = statusOn(histories.get(elderId) ?? [], entry.deceasedOn)
        if ((current?.status === 'deceased' && current.effectiveFrom === entry.deceasedOn) || deaths.has(elderId)) {
          rows.push({ line: entry.line, outcome: 'already_recorded', elderId, deceasedOn: entry.deceasedOn, message: null })
          continue
        }
        deaths.set(elderId, entry.deceasedOn)
        rows.push({ line: entry.line, outcome: 'matched', elderId, deceasedOn: entry.deceasedOn, message: null })
      }
      const count = (outcome: Row['outcome']) => rows.filter((row) => row.outcome === outcome).length
      const result = { dryRun, rows, matched: count('matched'), unknown: count('unknown'), invalid: count('invalid'), raised: 0 }
      if (dryRun) return result

      const list = { id: uuidv7(), fileName }
      await fastify.db.transaction(async (tx) => {
        await repository.insertExternalList({ tenantId: actor.tenantId, id: list.id, fileName, importedBy: actor.userId, rows: entries.length, matched: deaths.size }, tx)
        await fastify.elderStatusService.record(
          actor,
          [...deaths].map(([elderId, deceasedOn]) => ({ elderId, change: { status: 'deceased', effectiveFrom: deceasedOn }, birthDate: births.get(elderId)! })),
          'import',
          tx,
        )
        for (const [elderId, deceasedOn] of deaths) {
          await audit.record(actor, { action: 'elder.status', entityType: 'elder', entityId: elderId, changes: { status: { to: 'deceased' }, effectiveFrom: { to: deceasedOn }, externalList: { to: `${fileName} (${list.id})` } } }, tx)
        }
        await audit.record(actor, { action: 'subsidy_check.external_list', entityType: 'subsidy_external_list', entityId: list.id, changes: { fileName: { to: fileName }, rows: { to: entries.length }, matched: { to: deaths.size } } }, tx)
      })
      const raised = await fastify.subsidyChecksService.raiseExternalList(actor, [...deaths.keys()], list)
      const scanned = await fastify.subsidyChecksService.scan(actor, { elderIds: [...deaths.keys()] })
      return { ...result, raised: raised + scanned.raised }
    }

    fastify.decorate('externalListsService', { importList })
  },
  { name: 'external-lists-service', dependencies: ['subsidy-checks-service', 'elder-status-service', 'elders-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    externalListsService: {
      importList(actor: Actor, file: Buffer, fileName: string, dryRun: boolean): Promise<ExternalListResult>
    }
  }
}
