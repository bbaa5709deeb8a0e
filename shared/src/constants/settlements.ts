export const SETTLEMENT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const
