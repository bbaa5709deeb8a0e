import type { Facility, KitchenOrder, KitchenOrderPut, MealSlot } from '@eldercare/shared'
import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError, type ApiErrorCode } from '../../api/api-error'
import { listKitchenOrders, putKitchenOrder } from '../../api/kitchen-orders'
import { errorMessage, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { openOn, orderClosed, orderDays, servedSlots } from './data'

/** One day and slot of a meal point: what is typed, what the server holds, and how the last save went. */
export interface OrderCell {
  servedOn: string
  slot: MealSlot
  /** As typed; null while the box is empty. */
  quantity: number | null
  /** The quantity on file; null before the first order of this day and slot. */
  saved: number | null
  note: string | null
  state: 'idle' | 'saving' | 'saved' | 'error'
  error: string | null
}

/** The body that stores `quantity` for the cell; the note on file goes along, since a body without one clears it. */
export function orderBody(mealPointId: string, cell: Pick<OrderCell, 'servedOn' | 'slot' | 'note'>, quantity: number): KitchenOrderPut {
  return { mealPointId, servedOn: cell.servedOn, slot: cell.slot, quantity, note: cell.note }
}

export function cellKey(servedOn: string, slot: MealSlot): string {
  return `${servedOn}:${slot}`
}

/** Refusals that make a whole day read-only for the point, whatever the clock says. */
const NOT_OPEN_CODES: readonly ApiErrorCode[] = ['KITCHEN_ORDER_POINT_NOT_OPEN', 'KITCHEN_ORDER_KITCHEN_NOT_OPEN']

/** How often the grid looks at the clock, so cells close at the cut-off without a reload. */
const CLOCK_TICK_MS = 30_000

/**
 * A meal point's orders for the days ahead, one cell per day and slot. A cell saves when its value
 * changes; a cell changed again while its save is on the way saves once more with the newest value.
 */
export function useOrderGrid(mealPoint: () => Facility | null, cutoff: () => string, options: { now?: () => Date } = {}) {
  const { t } = useI18n()
  const now = options.now ?? (() => new Date())
  const clock = ref(now())
  const timer = setInterval(() => {
    clock.value = now()
  }, CLOCK_TICK_MS)
  onScopeDispose(() => clearInterval(timer))

  const days = computed(() => orderDays(shanghaiToday(clock.value)))
  const slots = computed(() => (mealPoint() ? servedSlots(mealPoint()!) : []))
  const cells = reactive(new Map<string, OrderCell>())
  const loading = ref(false)

  /** Days the server refused as closed although this device's clock thought otherwise: the server decides. */
  const refusedDays = reactive(new Set<string>())

  /**
   * Days the point cannot order for because it or its kitchen does not work then. The page knows the
   * point's own dates; the kitchen's only show in the server's refusal.
   */
  const notOpenDays = reactive(new Set<string>())

  /** Read-only once the cut-off has passed, and while the cut-off itself is not known yet. */
  function closed(servedOn: string): boolean {
    return cutoff() === '' || refusedDays.has(servedOn) || orderClosed(servedOn, cutoff(), clock.value)
  }

  /** Read-only on a day the point or its kitchen does not work, whatever the clock says. */
  function notOpen(servedOn: string): boolean {
    const point = mealPoint()
    return notOpenDays.has(servedOn) || (point !== null && !openOn(point, servedOn))
  }

  /** The grid's rows: a day, whether it is past its cut-off or not a working day, and its cells in slot order. */
  const rows = computed(() =>
    days.value.map((servedOn) => ({
      servedOn,
      closed: closed(servedOn),
      notOpen: notOpen(servedOn),
      cells: slots.value.flatMap((slot) => cells.get(cellKey(servedOn, slot)) ?? []),
    })),
  )

  function fill(orders: KitchenOrder[]): void {
    cells.clear()
    const byKey = new Map(orders.map((order) => [cellKey(order.servedOn, order.slot), order]))
    for (const servedOn of days.value) {
      for (const slot of slots.value) {
        const order = byKey.get(cellKey(servedOn, slot))
        cells.set(cellKey(servedOn, slot), {
          servedOn,
          slot,
          quantity: order?.quantity ?? null,
          saved: order?.quantity ?? null,
          note: order?.note ?? null,
          state: 'idle',
          error: null,
        })
      }
    }
  }

  let generation = 0

  async function load(): Promise<void> {
    const point = mealPoint()
    const mine = ++generation
    if (!point) {
      cells.clear()
      return
    }
    const range = days.value
    notOpenDays.clear()
    loading.value = true
    try {
      const page = await listKitchenOrders({ mealPointId: point.id, from: range[0]!, to: range[range.length - 1]! })
      if (mine === generation) fill(page.items)
    } catch (error) {
      if (mine === generation) {
        fill([])
        showError(error)
      }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function stored(target: OrderCell, order: KitchenOrder): void {
    target.saved = order.quantity
    target.note = order.note
  }

  /** Sends the cell's quantity unless it is what the server already holds; an empty box means nothing ordered. */
  async function save(target: OrderCell): Promise<void> {
    const point = mealPoint()
    if (!point || target.state === 'saving') return
    const quantity = target.quantity ?? 0
    if (quantity === (target.saved ?? 0)) {
      target.quantity = target.saved
      return
    }
    if (closed(target.servedOn) || notOpen(target.servedOn)) {
      target.quantity = target.saved
      return
    }
    target.state = 'saving'
    target.error = null
    try {
      stored(target, await putKitchenOrder(orderBody(point.id, target, quantity)))
      target.state = 'saved'
    } catch (error) {
      target.state = 'error'
      target.error = errorMessage(error)
      showError(error)
      if (error instanceof ApiError && error.code === 'KITCHEN_ORDER_CLOSED') {
        // Past the cut-off the quantity on file stands, and the whole day turns read-only.
        refusedDays.add(target.servedOn)
        target.quantity = target.saved
      } else if (error instanceof ApiError && NOT_OPEN_CODES.includes(error.code)) {
        notOpenDays.add(target.servedOn)
        target.quantity = target.saved
      }
      return
    }
    if ((target.quantity ?? 0) !== quantity) await save(target)
  }

  /** A note set from the note dialog, already saved with the order. */
  function noteSaved(order: KitchenOrder): void {
    const target = cells.get(cellKey(order.servedOn, order.slot))
    if (!target) return
    stored(target, order)
    target.quantity = order.quantity
    target.state = 'saved'
    ElMessage.success(t('common.saved'))
  }

  watch(
    () => [mealPoint()?.id, days.value[0]],
    () => void load(),
  )

  return { clock, days, slots, rows, loading, closed, load, save, noteSaved }
}
