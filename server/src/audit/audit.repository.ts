import { schema, uuidv7, type Executor } from '@eldercare/db'
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { AuditAction, AuditEntityType } from '@eldercare/shared'
import type { FieldChanges } from './audit-changes.js'
import { auditObjectNames, auditValueNames } from './audit-names.js'

const { auditEvents } = schema
export type AuditEventRow = typeof auditEvents.$inferSelect

/** Who acted: a signed-in user, or nobody (a failed sign-in, the demo seed). */
export interface AuditActor {
  tenantId: string
  userId: string | null
  username: string | null
  ip: string | null
}

export interface AuditEntry {
  action: AuditAction
  entityType: AuditEntityType
  entityId: string
  changes?: FieldChanges
}

export interface AuditFilter {
  entityType?: string
  entityId?: string
  action?: string
  actorUsername?: string
  /** Inclusive start and exclusive end, as instants. */
  from?: Date
  to?: Date
}

function auditRepository(db: Executor) {
  return {
    /** Call inside the transaction of the write it describes: the event and the change land together. */
    async record(actor: AuditActor, entry: AuditEntry, exec: Executor = db): Promise<void> {
      await exec.insert(auditEvents).values({
        tenantId: actor.tenantId,
        id: uuidv7(),
        actorUserId: actor.userId,
        actorUsername: actor.username,
        ip: actor.ip,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        changes: entry.changes ?? {},
      })
    },

    async list(
      tenantId: string,
      filter: AuditFilter,
      page: number,
      pageSize: number,
    ): Promise<{ rows: AuditEventRow[]; total: number }> {
      const conditions: SQL[] = [eq(auditEvents.tenantId, tenantId)]
      if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType))
      if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId))
      if (filter.action) conditions.push(eq(auditEvents.action, filter.action))
      if (filter.actorUsername) conditions.push(eq(auditEvents.actorUsername, filter.actorUsername))
      if (filter.from) conditions.push(gte(auditEvents.occurredAt, filter.from))
      if (filter.to) conditions.push(lt(auditEvents.occurredAt, filter.to))
      const where = and(...conditions)
      const rows = await db
        .select()
        .from(auditEvents)
        .where(where)
        .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [totalRow] = await db.select({ total: count() }).from(auditEvents).where(where)
      return { rows, total: totalRow?.total ?? 0 }
    },

    /** What each event's object is called, by `entityType:entityId`. */
    objectNames(tenantId: string, rows: AuditEventRow[]) {
      return auditObjectNames(db, tenantId, rows)
    },

    /** What the objects named by each event's changed values are called, by the events' order. */
    valueNames(tenantId: string, rows: AuditEventRow[]) {
      return auditValueNames(db, tenantId, rows)
    },
  }
}

export type AuditRepository = ReturnType<typeof auditRepository>

declare module 'fastify' {
  interface FastifyInstance {
    auditRepository: AuditRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('auditRepository', auditRepository(fastify.db))
  },
  { name: 'audit-repository', dependencies: ['database'] },
)
