import type { CareCard, LedgerEntry } from '@eldercare/shared'
import type { PurseSetting } from '@eldercare/db/schema'
import type { CardView, LedgerEntryRow } from './care-cards.repository.js'

export function mapCareCard(row: CardView, purses: PurseSetting[]): CareCard {
  return {
    id: row.id,
    cardNo: row.cardNo,
    elderId: row.elderId,
    elderName: row.elderName,
    idNumberMasked: `${row.idNumberHead}********${row.idNumberTail}`,
    status: row.status,
    issuedOn: row.issuedOn,
    purses: row.purses.map((purse) => ({ purse: purse.purse, name: purses.find((p) => p.code === purse.purse)?.name ?? purse.purse, balanceFen: purse.balanceFen })),
    balanceFen: row.purses.reduce((sum, purse) => sum + purse.balanceFen, 0),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    replacedByCardId: row.replacedByCardId,
  }
}

export function mapLedgerEntry(row: LedgerEntryRow): LedgerEntry {
  return {
    id: row.id,
    cardId: row.cardId,
    purse: row.purse,
    kind: row.kind,
    amountFen: row.amountFen,
    balanceAfterFen: row.balanceAfterFen,
    referenceId: row.referenceId,
    facilityId: row.facilityId,
    serviceType: row.serviceType,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  }
}
