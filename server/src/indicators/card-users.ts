/**
 * Care-card users (爱心卡使用人数), as domain.md defines them: elders with at least one card payment in
 * the period that was not reversed. The rule, as of a day D (nothing posted after D counts):
 * - a payment is a `meal_payment` or `service_payment`, dated by the Asia/Shanghai day it was posted;
 * - a refund naming a payment (`referenceId`, as a voided meal's refund names the meal) takes that payment
 *   back, whenever the refund was posted up to D; a refund naming a payment outside the movements given
 *   (an earlier year's) takes nothing back in this period;
 * - a refund naming no payment (given by the bureau by hand) takes back as much of the elder's payments
 *   of the period in which it was posted;
 * - an elder is a user of the period when what stands of their payments in it is more than zero.
 */
export interface CardMovement {
  elderId: string
  kind: 'payment' | 'refund'
  /** The Asia/Shanghai day the movement was posted, `YYYY-MM-DD`. */
  day: string
  /** Always positive: what was paid, or what was given back. */
  amountFen: number
  referenceId: string | null
}

/** Elders who are card users of `from`..`to` (inclusive), over movements already limited to those posted by the day asked about. */
export function standingCardUsers(movements: readonly CardMovement[], from: string, to: string): Set<string> {
  const paymentRefs = new Set(movements.filter((m) => m.kind === 'payment' && m.referenceId !== null).map((m) => m.referenceId))
  const refundedByRef = new Map<string, number>()
  for (const m of movements) {
    if (m.kind === 'refund' && m.referenceId !== null && paymentRefs.has(m.referenceId)) refundedByRef.set(m.referenceId, (refundedByRef.get(m.referenceId) ?? 0) + m.amountFen)
  }
  const standing = new Map<string, number>()
  for (const m of movements) {
    if (m.day < from || m.day > to) continue
    if (m.kind === 'payment') {
      const reversed = m.referenceId === null ? 0 : (refundedByRef.get(m.referenceId) ?? 0)
      if (m.referenceId !== null) refundedByRef.delete(m.referenceId)
      standing.set(m.elderId, (standing.get(m.elderId) ?? 0) + m.amountFen - reversed)
    } else if (m.referenceId === null) {
      standing.set(m.elderId, (standing.get(m.elderId) ?? 0) - m.amountFen)
    }
  }
  return new Set([...standing].filter(([, fen]) => fen > 0).map(([elderId]) => elderId))
}
