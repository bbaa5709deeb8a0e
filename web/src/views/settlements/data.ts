import {
  BUREAU_ROLES,
  MEAL_MODES,
  MEAL_SLOTS,
  PAYMENT_METHODS,
  type CurrentUser,
  type Facility,
  type Role,
  type Settlement,
  type SettlementStatus,
  type SettlementTotals,
} from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { TableColumn } from '../../components/types'
import { formatDateTime, shanghaiToday } from '../../utils/format'
import { fenToYuan } from '../meals/money'

/** Who may submit a month: the API's preparers, the same roles that open the page. */
export const SETTLEMENT_PREPARERS: readonly Role[] = ['canteen_operator', 'bureau_admin', 'bureau_staff']

/** Who reviews statements and so works from the queue: the towns (镇街审核) and the bureau (区民政局审批). */
export const SETTLEMENT_REVIEWERS: readonly Role[] = [...BUREAU_ROLES, 'town_staff']

export const STATUS_TAG: Record<SettlementStatus, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  draft: 'info',
  submitted: 'warning',
  town_approved: 'primary',
  approved: 'success',
  returned: 'danger',
}

export interface SettlementActions {
  submit: boolean
  townApprove: boolean
  approve: boolean
  return: boolean
}

/**
 * The steps the API allows on a statement to someone of `role`; export and print are open to everyone on
 * the page. The town decides on what waits for it; the bureau on what the town passed, or directly where
 * the town has no review. Four eyes (not one's own statement) is the server's to check.
 */
export function settlementActions(settlement: Pick<Settlement, 'status' | 'townReview'>, role: Role | undefined): SettlementActions {
  const { status, townReview } = settlement
  const town = role === 'town_staff'
  const bureau = role !== undefined && BUREAU_ROLES.includes(role)
  const waitsForTown = status === 'submitted' && townReview
  const waitsForBureau = status === 'town_approved' || (status === 'submitted' && !townReview)
  return {
    submit: role !== undefined && SETTLEMENT_PREPARERS.includes(role) && (status === 'draft' || status === 'returned'),
    townApprove: town && waitsForTown,
    approve: bureau && waitsForBureau,
    return: (town && waitsForTown) || (bureau && waitsForBureau),
  }
}

/** `YYYY-MM` of the month `today` falls in (Asia/Shanghai). */
export function monthOf(today = shanghaiToday()): string {
  return today.slice(0, 7)
}

/** The month before `today`'s: the one a statement is usually made for. */
export function previousMonth(today = shanghaiToday()): string {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

/**
 * Facilities a statement can be made for: those that record meals. The server already scopes
 * operators to their own; the check here keeps it so if that scope ever widens.
 */
export function settlementFacilities(all: Facility[], user: CurrentUser | null): Facility[] {
  const meals = all.filter((facility) => facility.type !== 'central_kitchen' && facility.mealSlots.length > 0)
  // Town staff get their towns' facilities from the server; an operator only their own.
  return user?.role === 'canteen_operator' ? meals.filter((facility) => user.facilityIds.includes(facility.id)) : meals
}

export type SlotModeRow = SettlementTotals['bySlotAndMode'][number]
export type PaymentRow = SettlementTotals['byPaymentMethod'][number]

/** In the order of the day and of the counter's modes, whatever order the server sent. */
export function slotModeRows(totals: SettlementTotals): SlotModeRow[] {
  const rank = (row: SlotModeRow) => MEAL_SLOTS.indexOf(row.slot) * MEAL_MODES.length + MEAL_MODES.indexOf(row.mode)
  return [...totals.bySlotAndMode].sort((a, b) => rank(a) - rank(b))
}

export function paymentRows(totals: SettlementTotals): PaymentRow[] {
  return [...totals.byPaymentMethod].sort((a, b) => PAYMENT_METHODS.indexOf(a.paymentMethod) - PAYMENT_METHODS.indexOf(b.paymentMethod))
}

export function useSlotModeColumns(): ComputedRef<TableColumn<SlotModeRow>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'slot', label: t('settlements.slot'), minWidth: 80, formatter: (row) => t(`meals.slots.${row.slot}`) },
    { key: 'mode', label: t('settlements.mode'), minWidth: 90, formatter: (row) => t(`meals.modes.${row.mode}`) },
    { key: 'meals', prop: 'meals', label: t('settlements.mealsColumn'), minWidth: 80 },
    { key: 'subsidy', label: t('settlements.subsidyYuan'), minWidth: 120, formatter: (row) => fenToYuan(row.subsidyFen) },
    { key: 'selfPay', label: t('settlements.selfPayYuan'), minWidth: 120, formatter: (row) => fenToYuan(row.selfPayFen) },
  ])
}

export function usePaymentColumns(): ComputedRef<TableColumn<PaymentRow>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'paymentMethod', label: t('settlements.paymentMethod'), minWidth: 100, formatter: (row) => t(`meals.paymentMethods.${row.paymentMethod}`) },
    { key: 'meals', prop: 'meals', label: t('settlements.mealsColumn'), minWidth: 80 },
    { key: 'selfPay', label: t('settlements.selfPayYuan'), minWidth: 120, formatter: (row) => fenToYuan(row.selfPayFen) },
  ])
}

export function useQueueColumns(): ComputedRef<TableColumn<Settlement>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'facility', label: t('settlements.facility'), minWidth: 180, slot: 'facility' },
    { key: 'month', prop: 'month', label: t('settlements.month'), width: 100 },
    { key: 'meals', label: t('settlements.mealsColumn'), width: 90, formatter: (row) => String(row.totals.meals) },
    { key: 'subsidy', label: t('settlements.subsidyYuan'), width: 120, formatter: (row) => fenToYuan(row.totals.subsidyFen) },
    { key: 'town', prop: 'townName', label: t('settlements.town'), width: 110, collapse: 'narrow' },
    { key: 'submittedAt', label: t('settlements.submittedAt'), width: 150, formatter: (row) => formatDateTime(row.submittedAt), collapse: 'narrow' },
    { key: 'status', label: t('settlements.status'), width: 120, slot: 'status' },
    { key: 'actions', label: t('common.actions'), width: 90, fixed: 'right', slot: 'actions' },
  ])
}
