import { schema, type Executor } from '@eldercare/db'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { counterDevices, facilities } = schema
export type CounterDeviceRow = typeof counterDevices.$inferSelect

export interface DeviceReport {
  tenantId: string
  deviceId: string
  facilityId: string
  userId: string
  userName: string
  outboxSize: number
  oldestUnsyncedAt: Date | null
  snapshotVersion: string | null
}

function counterDevicesRepository(db: Executor) {
  return {
    /** Records what a device reports; `synced` marks a sync the server answered. */
    async report(report: DeviceReport, synced: boolean, exec: Executor = db): Promise<void> {
      const now = new Date()
      const values = { ...report, lastSeenAt: now, ...(synced ? { lastSyncAt: now } : {}) }
      const { tenantId: _tenant, deviceId: _device, ...changes } = values
      await exec
        .insert(counterDevices)
        .values(values)
        .onConflictDoUpdate({ target: [counterDevices.tenantId, counterDevices.deviceId], set: changes })
    },

    /** Facilities that serve meals, in a set of towns (null = all) or one facility. */
    async mealFacilities(tenantId: string, filter: { townCodes: string[] | null; facilityId?: string }, exec: Executor = db) {
      const where = [eq(facilities.tenantId, tenantId), sql`cardinality(${facilities.mealSlots}) > 0`]
      if (filter.townCodes) where.push(filter.townCodes.length > 0 ? inArray(sql`left(${facilities.communityCode}, 9)`, filter.townCodes) : sql`false`)
      if (filter.facilityId) where.push(eq(facilities.id, filter.facilityId))
      return exec
        .select({ id: facilities.id, name: facilities.name, communityCode: facilities.communityCode })
        .from(facilities)
        .where(and(...where))
        .orderBy(asc(facilities.communityCode), asc(facilities.name))
    },

    async ofFacilities(tenantId: string, facilityIds: string[], exec: Executor = db): Promise<CounterDeviceRow[]> {
      if (facilityIds.length === 0) return []
      return exec
        .select()
        .from(counterDevices)
        .where(and(eq(counterDevices.tenantId, tenantId), inArray(counterDevices.facilityId, facilityIds)))
        .orderBy(asc(counterDevices.facilityId), sql`${counterDevices.lastSeenAt} desc`)
    },
  }
}

export type CounterDevicesRepository = ReturnType<typeof counterDevicesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    counterDevicesRepository: CounterDevicesRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('counterDevicesRepository', counterDevicesRepository(fastify.db))
  },
  { name: 'counter-devices-repository', dependencies: ['database'] },
)
