import {
  BUREAU_ROLES,
  MEAL_MODES,
  MEAL_SLOTS,
  PAYMENT_METHODS,
  priceOn,
  type DatedPrice,
  type Elder,
  type Facility,
  type MealMode,
  type MealRecordCreate,
  type MealSlot,
  type PaymentMethod,
} from '@eldercare/shared'
import { computed, ref, watch } from 'vue'
import { listAllFacilities } from '../../api/facilities'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { fenToYuan, yuanToFen } from './money'
import { newMealId } from './use-meal-queue'

/** localStorage key of the counter's choices; kept apart from the app-wide keys, which are the session's. */
export const COUNTER_STORAGE_KEY = 'eldercare.mealCounter'

/** localStorage key of the meal facilities last listed, so the counter opens offline too. */
export const COUNTER_FACILITIES_KEY = 'eldercare.counterFacilities'

function cacheFacilities(list: Facility[]): void {
  try {
    localStorage.setItem(COUNTER_FACILITIES_KEY, JSON.stringify(list))
  } catch {
    // Without storage the counter needs the server to open.
  }
}

function cachedFacilities(): Facility[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(COUNTER_FACILITIES_KEY) ?? '[]')
    return Array.isArray(value) ? (value as Facility[]) : []
  } catch {
    return []
  }
}

/** What the counter remembers between visits on this device. */
export interface StoredCounter {
  facilityId?: string
  mode?: MealMode
  paymentMethod?: PaymentMethod
  /** A slot picked by hand holds only for the meal it was picked in: the next meal starts from the clock again. */
  slot?: { value: MealSlot; day: string; clockSlot: MealSlot }
  /** Price per meal in fen, by `facilityId:slot`. */
  prices?: Record<string, number>
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value)
}

/** Whatever is stored is read defensively: another version of the app may have written it. */
export function readCounter(): StoredCounter {
  let raw: unknown
  try {
    raw = JSON.parse(localStorage.getItem(COUNTER_STORAGE_KEY) ?? '{}')
  } catch {
    return {}
  }
  if (typeof raw !== 'object' || raw === null) return {}
  const value = raw as Record<string, unknown>
  const stored: StoredCounter = {}
  if (typeof value.facilityId === 'string') stored.facilityId = value.facilityId
  stored.mode = oneOf(MEAL_MODES, value.mode)
  stored.paymentMethod = oneOf(PAYMENT_METHODS, value.paymentMethod)
  const slot = value.slot as Record<string, unknown> | undefined
  const slotValue = oneOf(MEAL_SLOTS, slot?.value)
  const clockSlot = oneOf(MEAL_SLOTS, slot?.clockSlot)
  if (slotValue && clockSlot && typeof slot?.day === 'string') stored.slot = { value: slotValue, day: slot.day, clockSlot }
  if (typeof value.prices === 'object' && value.prices !== null) {
    stored.prices = Object.fromEntries(
      Object.entries(value.prices).filter((entry): entry is [string, number] => Number.isInteger(entry[1]) && entry[1] >= 0),
    )
  }
  return stored
}

function writeCounter(stored: StoredCounter): void {
  try {
    localStorage.setItem(COUNTER_STORAGE_KEY, JSON.stringify(stored))
  } catch {
    // Private mode or a full quota: the counter then forgets between visits, nothing worse.
  }
}

/** The meal the clock suggests in Asia/Shanghai: breakfast until 10:00, lunch until 15:00, then dinner. */
export function slotForTime(now: Date): MealSlot {
  const minutes = (now.getUTCHours() * 60 + now.getUTCMinutes() + 8 * 60) % (24 * 60)
  if (minutes < 10 * 60) return 'breakfast'
  if (minutes < 15 * 60) return 'lunch'
  return 'dinner'
}

/** The preferred slot when served, else the next one served later in the day, else the last one before it. */
export function nearestSlot(served: readonly MealSlot[], preferred: MealSlot): MealSlot | '' {
  if (served.includes(preferred)) return preferred
  const index = MEAL_SLOTS.indexOf(preferred)
  return MEAL_SLOTS.slice(index + 1).find((slot) => served.includes(slot)) ?? [...MEAL_SLOTS.slice(0, index)].reverse().find((slot) => served.includes(slot)) ?? ''
}

/** Facilities where meals can be recorded: open and serving at least one slot in one mode. */
export function servesMeals(facility: Facility): boolean {
  return facility.status === 'active' && facility.mealSlots.length > 0 && facility.mealModes.length > 0
}

export interface RecordOptions {
  subsidised?: boolean
  collectedByDelegateId?: string | null
}

/**
 * The counter's standing choices: facility, slot, mode, price and payment, set once and kept on
 * this device, and the meal request they make for an elder.
 */
export function useCounter(options: { now?: () => Date; priceList?: () => readonly DatedPrice[] } = {}) {
  const now = options.now ?? (() => new Date())
  const priceList = options.priceList ?? (() => [])
  const auth = useAuthStore()
  const stored = readCounter()

  const facilities = ref<Facility[]>([])
  const loadingFacilities = ref(false)
  const facilityId = ref(stored.facilityId ?? '')
  const slot = ref<MealSlot | ''>('')
  const mode = ref<MealMode | ''>(stored.mode ?? '')
  const paymentMethod = ref<PaymentMethod>(stored.paymentMethod ?? 'cash')
  const priceText = ref('')

  const facility = computed(() => facilities.value.find((item) => item.id === facilityId.value) ?? null)
  const slots = computed(() => MEAL_SLOTS.filter((item) => facility.value?.mealSlots.includes(item)))
  const modes = computed(() => MEAL_MODES.filter((item) => facility.value?.mealModes.includes(item)))
  const priceFen = computed(() => yuanToFen(priceText.value))
  const ready = computed(() => facility.value !== null && slot.value !== '' && mode.value !== '' && priceFen.value !== null)

  function priceKey(): string {
    return `${facilityId.value}:${slot.value}`
  }

  function save(): void {
    const current = readCounter()
    const next: StoredCounter = { ...current, facilityId: facilityId.value || undefined, paymentMethod: paymentMethod.value }
    if (mode.value) next.mode = mode.value
    if (facilityId.value && slot.value && priceFen.value !== null) next.prices = { ...current.prices, [priceKey()]: priceFen.value }
    writeCounter(next)
  }

  /** The facility's price list for the slot and mode today, or null when it has none. */
  function listPrice(): number | null {
    if (!facilityId.value || slot.value === '' || mode.value === '') return null
    return priceOn(priceList(), slot.value, mode.value, shanghaiToday(now()))
  }

  /** The price list's price when there is one; otherwise what was last typed for this slot on this device. */
  function rememberedPrice(): void {
    const listed = listPrice()
    if (listed !== null) {
      priceText.value = fenToYuan(listed)
      return
    }
    const fen = readCounter().prices?.[priceKey()]
    priceText.value = fen === undefined ? '' : fenToYuan(fen)
  }

  /** Keeps slot and mode among those the facility offers, starting from the clock or a slot picked earlier for this meal. */
  function fitToFacility(): void {
    const clock = slotForTime(now())
    const picked = readCounter().slot
    const wanted = picked && picked.day === shanghaiToday(now()) && picked.clockSlot === clock ? picked.value : clock
    slot.value = nearestSlot(slots.value, wanted)
    if (mode.value === '' || !modes.value.includes(mode.value)) mode.value = modes.value.includes('dine_in') ? 'dine_in' : (modes.value[0] ?? '')
    rememberedPrice()
  }

  /** Picking a slot by hand is remembered until the clock moves on to the next meal. */
  function chooseSlot(value: MealSlot): void {
    slot.value = value
    writeCounter({ ...readCounter(), slot: { value, day: shanghaiToday(now()), clockSlot: slotForTime(now()) } })
    rememberedPrice()
  }

  async function loadFacilities(): Promise<void> {
    loadingFacilities.value = true
    try {
      const user = auth.user
      let all: Facility[]
      try {
        all = (await listAllFacilities({ status: 'active' })).filter(servesMeals)
        cacheFacilities(all)
      } catch (error) {
        // Offline: the facilities listed at the last sign-in on this device.
        all = cachedFacilities()
        if (all.length === 0) throw error
      }
      // The server already scopes operators; the check here keeps a bureau-only facility out if the scope ever widens.
      facilities.value = user && !BUREAU_ROLES.includes(user.role) ? all.filter((item) => user.facilityIds.includes(item.id)) : all
      if (!facility.value) facilityId.value = facilities.value.length === 1 ? facilities.value[0]!.id : ''
      fitToFacility()
    } catch (error) {
      showError(error)
    } finally {
      loadingFacilities.value = false
    }
  }

  watch(facilityId, () => {
    fitToFacility()
    save()
  })
  watch([mode, paymentMethod, priceFen], save)
  watch(mode, rememberedPrice)
  // A price list arriving late (the snapshot loads after the page) brings its price; without one for
  // this meal it leaves what the operator has typed.
  watch(
    () => priceList(),
    () => {
      if (listPrice() !== null) rememberedPrice()
    },
  )

  /** The request for one meal of the elder with the current choices; null until the choices are complete. */
  function mealRequest(elder: Pick<Elder, 'id'>, extra: RecordOptions = {}): MealRecordCreate | null {
    if (!ready.value || slot.value === '' || mode.value === '' || priceFen.value === null) return null
    const price = priceFen.value
    // A price typed over the list's holds for this one meal: the next starts from the list again.
    const listed = listPrice()
    if (listed !== null && listed !== price) priceText.value = fenToYuan(listed)
    return {
      id: newMealId(),
      elderId: elder.id,
      facilityId: facilityId.value,
      servedOn: shanghaiToday(now()),
      slot: slot.value,
      mode: mode.value,
      priceFen: price,
      paymentMethod: paymentMethod.value,
      ...(extra.subsidised === false ? { subsidised: false } : {}),
      ...(extra.collectedByDelegateId ? { collectedByDelegateId: extra.collectedByDelegateId } : {}),
    }
  }

  return {
    facilities,
    loadingFacilities,
    facilityId,
    facility,
    slots,
    modes,
    slot,
    mode,
    paymentMethod,
    priceText,
    priceFen,
    ready,
    loadFacilities,
    chooseSlot,
    mealRequest,
    listPrice,
  }
}
