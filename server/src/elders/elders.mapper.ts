import { maskPhone, type Elder } from '@eldercare/shared'
import { ageOn, shanghaiToday } from '../http/dates.js'
import type { Pii } from '../privacy/pii.js'
import type { ElderCareNeedRow, ElderStatusView } from './elder-status.repository.js'
import type { ElderView } from './elders.repository.js'

/** An elder with the status row in force today and the open need of concentrated care. */
export type ElderWithStatus = ElderView & { currentStatus: ElderStatusView | null; careNeed: ElderCareNeedRow | null }

/** `330902********123X` from the stored head and tail: listing elders never decrypts a 身份证号. */
export const maskedIdNumber = (row: { idNumberHead: string; idNumberTail: string }) => `${row.idNumberHead}********${row.idNumberTail}`

export function mapElder(row: ElderWithStatus, today: string, pii: Pii): Elder {
  const age = ageOn(row.birthDate, today)
  return {
    id: row.id,
    idNumberMasked: maskedIdNumber(row),
    name: row.name,
    gender: row.gender,
    age,
    phoneMasked: row.phoneEncrypted ? maskPhone(pii.decrypt(row.phoneEncrypted)) : null,
    communityCode: row.communityCode,
    communityName: row.communityName,
    townCode: row.communityCode.slice(0, 9),
    categories: row.categories.map((category) => ({
      category: category.category,
      level: category.level,
      startOn: category.startOn,
      endOn: category.endOn,
    })),
    advancedAge: age >= 80,
    status: row.status,
    statusSince: row.currentStatus?.effectiveFrom ?? row.deceasedOn ?? shanghaiToday(row.createdAt),
    institutionId: row.currentStatus?.institutionId ?? null,
    institutionName: row.currentStatus?.institutionName ?? null,
    deceasedOn: row.deceasedOn,
    concentratedCareNeedSince: row.careNeed?.validFrom ?? null,
    dietaryNotes: row.dietaryNotes,
    pickupDelegates: row.delegates.map((delegate) => ({
      id: delegate.id,
      name: delegate.name,
      relation: delegate.relation,
      phoneMasked: delegate.phoneEncrypted ? maskPhone(pii.decrypt(delegate.phoneEncrypted)) : null,
      consentOn: delegate.consentOn,
    })),
    updatedAt: row.updatedAt.toISOString(),
  }
}
