/**
 * How many days after today (Asia/Shanghai) a meal point may order for. A month covers planning a menu
 * and headcount ahead; past it nobody knows which elders will come, and a mistyped year would sit in the
 * kitchen's lists unnoticed.
 */
export const KITCHEN_ORDER_DAYS_AHEAD = 31
