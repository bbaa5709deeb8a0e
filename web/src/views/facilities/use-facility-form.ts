import {
  MEAL_SLOTS,
  type DailyCapacity,
  type Facility,
  type FacilityCreate,
  type FacilityTag,
  type FacilityType,
  type FacilityUpdate,
  type MealMode,
  type MealSlot,
} from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { computed, reactive, ref, watch } from 'vue'
import { createFacility, listAllFacilities, updateFacility } from '../../api/facilities'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { isMealFacilityType } from './data'

/** An emptied number box holds null. */
type NumberInput = number | null | undefined

export interface FacilityFormModel {
  name: string
  type: FacilityType | ''
  communityCode: string
  address: string
  latitude: NumberInput
  longitude: NumberInput
  operatorOrg: string
  contactName: string
  /** Blank while editing keeps the stored number: the page only ever sees it masked. */
  contactPhone: string
  openedOn: string
  closedOn: string
  mealSlots: MealSlot[]
  mealModes: MealMode[]
  /** Kept for every slot so unticking and ticking a slot again does not lose the number. */
  dailyCapacity: Record<MealSlot, NumberInput>
  tags: FacilityTag[]
  /** First day changed tags hold; blank: the opening day for a new facility, today for an edit. */
  tagsFrom: string
  supplierKitchenId: string
  /** Only on create: the communities served from the opening day. */
  serviceArea: string[]
}

function emptyFacilityForm(): FacilityFormModel {
  return {
    name: '',
    type: '',
    communityCode: '',
    address: '',
    latitude: null,
    longitude: null,
    operatorOrg: '',
    contactName: '',
    contactPhone: '',
    openedOn: shanghaiToday(),
    closedOn: '',
    mealSlots: ['lunch'],
    mealModes: ['dine_in'],
    dailyCapacity: { breakfast: null, lunch: null, dinner: null },
    tags: [],
    tagsFrom: '',
    supplierKitchenId: '',
    serviceArea: [],
  }
}

function facilityFormFrom(facility: Facility): FacilityFormModel {
  return {
    name: facility.name,
    type: facility.type,
    communityCode: facility.communityCode,
    address: facility.address,
    latitude: facility.latitude,
    longitude: facility.longitude,
    operatorOrg: facility.operatorOrg ?? '',
    contactName: facility.contactName ?? '',
    contactPhone: '',
    openedOn: facility.openedOn,
    closedOn: facility.closedOn ?? '',
    mealSlots: [...facility.mealSlots],
    mealModes: [...facility.mealModes],
    dailyCapacity: {
      breakfast: facility.dailyCapacity.breakfast ?? null,
      lunch: facility.dailyCapacity.lunch ?? null,
      dinner: facility.dailyCapacity.dinner ?? null,
    },
    tags: [...facility.tags],
    tagsFrom: '',
    supplierKitchenId: facility.supplierKitchenId ?? '',
    serviceArea: [],
  }
}

/** Capacity of the slots served and filled in: the server refuses a capacity for a slot not served. */
export function capacityOf(model: Pick<FacilityFormModel, 'mealSlots' | 'dailyCapacity'>): DailyCapacity {
  const capacity: DailyCapacity = {}
  for (const slot of MEAL_SLOTS) {
    const value = model.dailyCapacity[slot]
    if (model.mealSlots.includes(slot) && typeof value === 'number') capacity[slot] = value
  }
  return capacity
}

const orNull = (text: string): string | null => text.trim() || null
const numberOrNull = (value: NumberInput): number | null => (typeof value === 'number' ? value : null)

/** Slots in breakfast-lunch-dinner order, whatever order they were ticked in. */
const inSlotOrder = (slots: MealSlot[]) => MEAL_SLOTS.filter((slot) => slots.includes(slot))

export function toCreateBody(model: FacilityFormModel, type: FacilityType): FacilityCreate {
  const meal = isMealFacilityType(type)
  const latitude = numberOrNull(model.latitude)
  const longitude = numberOrNull(model.longitude)
  const operatorOrg = orNull(model.operatorOrg)
  const contactName = orNull(model.contactName)
  return {
    name: model.name.trim(),
    type,
    communityCode: model.communityCode,
    address: model.address.trim(),
    ...(latitude !== null ? { latitude } : {}),
    ...(longitude !== null ? { longitude } : {}),
    ...(operatorOrg ? { operatorOrg } : {}),
    ...(contactName ? { contactName } : {}),
    ...(model.contactPhone ? { contactPhone: model.contactPhone } : {}),
    openedOn: model.openedOn,
    ...(model.closedOn ? { closedOn: model.closedOn } : {}),
    mealSlots: inSlotOrder(model.mealSlots),
    mealModes: [...model.mealModes],
    dailyCapacity: capacityOf(model),
    tags: [...model.tags],
    ...(model.tags.length > 0 && model.tagsFrom ? { tagsFrom: model.tagsFrom } : {}),
    // Only meal points are supplied by a central kitchen, and only they serve communities.
    ...(meal && model.supplierKitchenId ? { supplierKitchenId: model.supplierKitchenId } : {}),
    ...(meal ? { serviceArea: [...model.serviceArea] } : {}),
  }
}

/** Whether the tags ticked differ from those the facility holds today. */
export function tagsChanged(model: Pick<FacilityFormModel, 'tags'>, original: Pick<Facility, 'tags'>): boolean {
  return [...model.tags].sort().join() !== [...original.tags].sort().join()
}

/**
 * Every editable field, blanks as null so a cleared field is cleared; the type cannot change. Tags only
 * when changed, with the day they change from: the figures of earlier days keep the tags as they were.
 */
export function toUpdateBody(model: FacilityFormModel, original: Facility): FacilityUpdate {
  return {
    name: model.name.trim(),
    communityCode: model.communityCode,
    address: model.address.trim(),
    latitude: numberOrNull(model.latitude),
    longitude: numberOrNull(model.longitude),
    operatorOrg: orNull(model.operatorOrg),
    contactName: orNull(model.contactName),
    ...(model.contactPhone ? { contactPhone: model.contactPhone } : {}),
    openedOn: model.openedOn,
    closedOn: model.closedOn || null,
    mealSlots: inSlotOrder(model.mealSlots),
    mealModes: [...model.mealModes],
    dailyCapacity: capacityOf(model),
    ...(tagsChanged(model, original) ? { tags: [...model.tags], ...(model.tagsFrom ? { tagsFrom: model.tagsFrom } : {}) } : {}),
    supplierKitchenId: isMealFacilityType(original.type) && model.supplierKitchenId ? model.supplierKitchenId : null,
  }
}

export function useFacilityForm(editing: () => Facility | null, onSaved: (facility: Facility) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<FacilityFormModel>(emptyFacilityForm())
  const saving = ref(false)
  const kitchens = ref<Facility[]>([])
  const creating = computed(() => editing() === null)
  const isMeal = computed(() => isMealFacilityType(model.type))
  /** A kitchen does not supply itself. */
  const kitchenOptions = computed(() => kitchens.value.filter((kitchen) => kitchen.id !== editing()?.id))

  // A new meal point serves its own community unless told otherwise.
  watch(
    () => model.communityCode,
    (code, previous) => {
      if (!creating.value || !code) return
      const untouched = model.serviceArea.length === 0 || (model.serviceArea.length === 1 && model.serviceArea[0] === previous)
      if (untouched) model.serviceArea = [code]
    },
  )

  async function loadKitchens(): Promise<void> {
    try {
      kitchens.value = await listAllFacilities({ type: 'central_kitchen' })
    } catch (error) {
      showError(error)
    }
  }

  function fill(): void {
    const facility = editing()
    Object.assign(model, facility ? facilityFormFrom(facility) : emptyFacilityForm())
    formRef.value?.clearValidate()
    void loadKitchens()
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    const type = model.type
    if (!valid || type === '') return
    saving.value = true
    try {
      const original = editing()
      const saved = original ? await updateFacility(original.id, toUpdateBody(model, original)) : await createFacility(toCreateBody(model, type))
      onSaved(saved)
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  /** The day tags hold from is asked for whenever the tags would change: a new facility's, or an edit of them. */
  const askTagsFrom = computed(() => {
    const original = editing()
    return original === null ? model.tags.length > 0 : tagsChanged(model, original)
  })

  return { formRef, model, saving, creating, isMeal, kitchenOptions, askTagsFrom, fill, submit }
}
