import { maskPhone, type Facility, type FacilityStatus, type FacilityTag, type ServiceAreaEntry } from '@eldercare/shared'
import type { Pii } from '../privacy/pii.js'
import type { FacilityView, ServiceAreaRow } from './facilities.repository.js'

export function facilityStatus(row: { openedOn: string; closedOn: string | null }, today: string): FacilityStatus {
  if (row.openedOn > today) return 'planned'
  if (row.closedOn !== null && row.closedOn <= today) return 'closed'
  return 'active'
}

/** The tags holding on `day`, from a facility's tag periods. */
export function tagsOn(history: readonly { tag: FacilityTag; validFrom: string; validTo: string | null }[], day: string): FacilityTag[] {
  return history.filter((period) => period.validFrom <= day && (period.validTo === null || period.validTo > day)).map((period) => period.tag)
}

export function mapFacility(row: FacilityView, today: string, pii: Pii): Facility {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    communityCode: row.communityCode,
    communityName: row.communityName,
    townCode: row.townCode,
    townName: row.townName,
    island: row.island,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    operatorOrg: row.operatorOrg,
    contactName: row.contactName,
    contactPhoneMasked: row.contactPhoneEncrypted ? maskPhone(pii.decrypt(row.contactPhoneEncrypted)) : null,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    mealSlots: row.mealSlots as Facility['mealSlots'],
    mealModes: row.mealModes as Facility['mealModes'],
    dailyCapacity: row.dailyCapacity,
    tags: tagsOn(row.tagHistory, today),
    tagHistory: row.tagHistory,
    supplierKitchenId: row.supplierKitchenId,
    status: facilityStatus(row, today),
    serviceAreaCount: row.serviceAreaCount,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function mapServiceAreaEntry(row: ServiceAreaRow, communityNames: Map<string, string>): ServiceAreaEntry {
  return {
    communityCode: row.communityCode,
    communityName: communityNames.get(row.communityCode) ?? row.communityCode,
    townCode: row.communityCode.slice(0, 9),
    validFrom: row.validFrom,
    validTo: row.validTo,
  }
}
