import { createHash } from 'node:crypto'
import type { Executor } from '@eldercare/db'
import type { LedgerKind } from '@eldercare/shared'
import { AppError } from '../errors.js'
import type { CareCardsRepository, LedgerEntryRow } from './care-cards.repository.js'

export interface LedgerMovement {
  tenantId: string
  id: string
  cardId: string
  purse: string
  kind: LedgerKind
  /** Positive credits, negative debits. */
  amountFen: number
  referenceId?: string | null
  facilityId?: string | null
  serviceType?: string | null
  note?: string | null
  createdBy: string
}

export type PostResult =
  | { status: 'posted'; balanceAfterFen: number }
  | { status: 'duplicate'; entry: LedgerEntryRow }
  /** An allowance for the same card, purse and month was credited before under another id. */
  | { status: 'already_credited' }

export function movementHash(movement: LedgerMovement): string {
  const { createdBy: _by, tenantId: _tenant, ...content } = movement
  const canonical = [content.id, content.cardId, content.purse, content.kind, content.amountFen, content.referenceId ?? null, content.facilityId ?? null, content.serviceType ?? null, content.note ?? null]
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url')
}

/**
 * Posts one movement inside the caller's transaction, exactly once by its id:
 * 1. the entry is inserted unless its id exists (then: the first result, or 409 for other content);
 * 2. the purse balance moves in one conditional UPDATE that refuses to go below zero;
 * 3. the entry learns the balance it left behind.
 * A refusal throws, so the caller's transaction rolls the entry back with everything else.
 */
export async function postMovement(repository: CareCardsRepository, movement: LedgerMovement, tx: Executor): Promise<PostResult> {
  const contentHash = movementHash(movement)
  const inserted = await repository.insertEntry({ ...movement, balanceAfterFen: 0, contentHash }, tx)
  if (!inserted) {
    const existing = await repository.findEntry(movement.tenantId, movement.id, tx)
    if (!existing) return { status: 'already_credited' }
    if (existing.contentHash !== contentHash) throw new AppError('CARD_ID_CONFLICT', 'this transaction id was already used for a different movement')
    return { status: 'duplicate', entry: existing }
  }
  const balance = await repository.moveBalance(movement.tenantId, movement.cardId, movement.purse, movement.amountFen, tx)
  if (balance === null) throw new AppError('CARD_INSUFFICIENT_BALANCE', 'the card balance is too low')
  await repository.setEntryBalance(movement.tenantId, movement.id, balance, tx)
  return { status: 'posted', balanceAfterFen: balance }
}
