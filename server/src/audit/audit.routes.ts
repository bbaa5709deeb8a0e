import { AuditEvent, AuditListQuery, Page, type AuditEvent as AuditEventDto } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { shanghaiDayStart } from '../http/dates.js'
import type { AuditEventRow } from './audit.repository.js'

export function mapAuditEvent(row: AuditEventRow, entityName: string | null, valueNames: Record<string, string> = {}): AuditEventDto {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorUsername: row.actorUsername,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    entityName,
    changes: row.changes,
    valueNames,
    ip: row.ip,
  }
}

const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/audit-events',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Audit log of the tenant, newest first',
        querystring: AuditListQuery,
        response: { 200: Page(AuditEvent), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, from, to, entityType, entityId, action, actorUsername } = request.query
      const { tenantId } = actorOf(request)
      const { rows, total } = await fastify.auditRepository.list(
        tenantId,
        {
          entityType,
          entityId,
          action,
          actorUsername,
          ...(from ? { from: shanghaiDayStart(from) } : {}),
          ...(to ? { to: shanghaiDayStart(to, 1) } : {}),
        },
        page,
        pageSize,
      )
      const [names, valueNames] = await Promise.all([fastify.auditRepository.objectNames(tenantId, rows), fastify.auditRepository.valueNames(tenantId, rows)])
      return { items: rows.map((row, index) => mapAuditEvent(row, names.get(`${row.entityType}:${row.entityId}`) ?? null, valueNames.get(index))), total }
    },
  )
}

export default auditRoutes
