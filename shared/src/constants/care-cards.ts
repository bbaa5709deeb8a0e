export const CARD_STATUSES = ['active', 'frozen', 'cancelled'] as const

export const LEDGER_KINDS = ['allowance', 'top_up', 'meal_payment', 'service_payment', 'refund', 'expiry', 'transfer_out', 'transfer_in', 'cancellation', 'recovery'] as const
