/**
 * draft → submitted → town_approved (镇街审核通过) → approved (区民政局审批), or returned with a comment
 * from either reviewer. Where the town has no reviewer and the meal settings allow it, the bureau approves
 * a submitted statement directly.
 */
export const SETTLEMENT_STATUSES = ['draft', 'submitted', 'town_approved', 'approved', 'returned'] as const

/** Statuses whose figures are frozen and whose month's meals are locked. */
export const SETTLEMENT_LOCKED_STATUSES = ['submitted', 'town_approved', 'approved'] as const satisfies readonly (typeof SETTLEMENT_STATUSES)[number][]
