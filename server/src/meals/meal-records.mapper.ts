import type { MealRecord } from '@eldercare/shared'
import type { MealRecordRow } from './meal-record-row.js'

export function mapMealRecord(row: MealRecordRow, elderName: string): MealRecord {
  return {
    id: row.id,
    elderId: row.elderId,
    elderName,
    facilityId: row.facilityId,
    servedOn: row.servedOn,
    slot: row.slot,
    mode: row.mode,
    priceFen: row.priceFen,
    subsidyFen: row.subsidyFen,
    selfPayFen: row.selfPayFen,
    paymentMethod: row.paymentMethod,
    subsidised: row.subsidised,
    subsidyRuleIds: row.subsidyRuleIds,
    collectedByDelegateId: row.collectedByDelegateId,
    recordedBy: row.recordedByName,
    recordedAt: row.recordedAt.toISOString(),
    syncedAt: row.syncedAt.toISOString(),
    deviceId: row.deviceId,
    deviceSeq: row.deviceSeq,
    selfPayDueFen: row.selfPayDueFen,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidReason: row.voidReason,
  }
}
