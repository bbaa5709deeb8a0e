import {
  idNumberBirthDate,
  isValidIdNumber,
  type DisabilityLevel,
  type Elder,
  type ElderCategory,
  type ElderCategoryEntry,
  type ElderCreate,
  type ElderStatus,
  type ElderUpdate,
  type Facility,
  type Gender,
} from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { computed, reactive, ref, watch } from 'vue'
import { createElder, updateElder } from '../../api/elders'
import { listAllFacilities } from '../../api/facilities'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'

export interface CategoryInput {
  category: ElderCategory | ''
  level: DisabilityLevel | ''
  startOn: string
  endOn: string
}

export interface DelegateInput {
  /** The delegate on file this row edits; null for a new one. */
  id: string | null
  name: string
  relation: string
  /** Blank keeps the number on file (the page only knows it masked); typed, it replaces it. */
  phone: string
  consentOn: string
  /** The number on file, shown as a hint; null for a new delegate or one without a number. */
  phoneMasked: string | null
}

export interface ElderFormModel {
  idNumber: string
  name: string
  /** Blank while editing keeps the stored number. */
  phone: string
  communityCode: string
  categories: CategoryInput[]
  status: ElderStatus
  /** The day a new status takes effect (blank: today); a death takes effect on `deceasedOn`. */
  statusFrom: string
  /** Where an elder 入住机构 lives. */
  institutionId: string
  deceasedOn: string
  /** 有集中供养需求, recorded by town staff, and since when. */
  concentratedCareNeed: boolean
  concentratedCareNeedSince: string
  dietaryNotes: string
  pickupDelegates: DelegateInput[]
}

export interface IdNumberFacts {
  birthDate: string
  gender: Gender
  age: number
}

/** Whole years from `birthDate` to `day`, both `YYYY-MM-DD`, as the server counts them. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/** What a valid 身份证号 says about its holder: the 17th digit is odd for men. Null while it is not valid. */
export function idNumberFacts(value: string, today = shanghaiToday()): IdNumberFacts | null {
  const idNumber = value.trim().toUpperCase()
  if (!isValidIdNumber(idNumber)) return null
  const birthDate = idNumberBirthDate(idNumber)
  if (birthDate === null) return null
  return { birthDate, gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female', age: ageOn(birthDate, today) }
}

export function emptyCategory(): CategoryInput {
  return { category: '', level: '', startOn: shanghaiToday(), endOn: '' }
}

export function emptyDelegate(): DelegateInput {
  return { id: null, name: '', relation: '', phone: '', consentOn: shanghaiToday(), phoneMasked: null }
}

function emptyElderForm(communityCode = ''): ElderFormModel {
  return {
    idNumber: '',
    name: '',
    phone: '',
    communityCode,
    categories: [],
    status: 'active',
    statusFrom: '',
    institutionId: '',
    deceasedOn: '',
    concentratedCareNeed: false,
    concentratedCareNeedSince: '',
    dietaryNotes: '',
    pickupDelegates: [],
  }
}

function elderFormFrom(elder: Elder): ElderFormModel {
  return {
    idNumber: '',
    name: elder.name,
    phone: '',
    communityCode: elder.communityCode,
    categories: elder.categories.map((entry) => ({
      category: entry.category,
      level: entry.level ?? '',
      startOn: entry.startOn,
      endOn: entry.endOn ?? '',
    })),
    status: elder.status,
    statusFrom: '',
    institutionId: elder.institutionId ?? '',
    deceasedOn: elder.deceasedOn ?? '',
    concentratedCareNeed: elder.concentratedCareNeedSince !== null,
    concentratedCareNeedSince: elder.concentratedCareNeedSince ?? '',
    dietaryNotes: elder.dietaryNotes ?? '',
    pickupDelegates: elder.pickupDelegates.map((delegate) => ({
      id: delegate.id,
      name: delegate.name,
      relation: delegate.relation,
      phone: '',
      consentOn: delegate.consentOn,
      phoneMasked: delegate.phoneMasked,
    })),
  }
}

function categoryEntries(model: ElderFormModel): ElderCategoryEntry[] {
  return model.categories.flatMap((entry) => {
    if (entry.category === '') return []
    return [
      {
        category: entry.category,
        // Only 失能 has a level; a level left from an earlier choice of category is dropped.
        level: entry.category === 'disabled' && entry.level ? entry.level : null,
        startOn: entry.startOn,
        endOn: entry.endOn || null,
      },
    ]
  })
}

/**
 * Delegates as the API takes them. One already on file goes back with its id and, unless a new number
 * was typed, without a phone, so the server keeps the number it holds.
 */
function delegateInputs(model: ElderFormModel): NonNullable<ElderUpdate['pickupDelegates']> {
  return model.pickupDelegates.map((delegate) => ({
    ...(delegate.id ? { id: delegate.id } : {}),
    name: delegate.name.trim(),
    relation: delegate.relation.trim(),
    ...(delegate.phone ? { phone: delegate.phone } : {}),
    consentOn: delegate.consentOn,
  }))
}

/** The API replaces all delegates at once, so they are sent only when something about them changed. */
export function delegatesChanged(model: ElderFormModel, original: Elder): boolean {
  if (model.pickupDelegates.length !== original.pickupDelegates.length) return true
  return model.pickupDelegates.some((delegate, index) => {
    const before = original.pickupDelegates[index]
    return (
      !before ||
      delegate.id !== before.id ||
      delegate.phone !== '' ||
      delegate.name.trim() !== before.name ||
      delegate.relation.trim() !== before.relation ||
      delegate.consentOn !== before.consentOn
    )
  })
}

/** Whether the form changes the elder's status (or, for 入住机构, where they live): then its day is asked for. */
export function statusChanged(model: Pick<ElderFormModel, 'status' | 'institutionId'>, original: Pick<Elder, 'status' | 'institutionId'> | null): boolean {
  if (original === null) return model.status !== 'active'
  return model.status !== original.status || (model.status === 'in_institution' && model.institutionId !== (original.institutionId ?? ''))
}

/** The day and institution of a status change, as the API takes them; nothing when the status stays. */
function statusFields(model: ElderFormModel, original: Elder | null): Pick<ElderUpdate, 'statusFrom' | 'institutionId'> {
  if (!statusChanged(model, original)) return {}
  return {
    ...(model.status !== 'deceased' && model.statusFrom ? { statusFrom: model.statusFrom } : {}),
    ...(model.status === 'in_institution' ? { institutionId: model.institutionId || null } : {}),
  }
}

/** The need of concentrated care: its first day, or null when none is recorded (any more). */
const careNeed = (model: ElderFormModel) => (model.concentratedCareNeed ? model.concentratedCareNeedSince || null : null)

export function toCreateBody(model: ElderFormModel): ElderCreate {
  const dietaryNotes = model.dietaryNotes.trim()
  return {
    idNumber: model.idNumber.trim().toUpperCase(),
    name: model.name.trim(),
    ...(model.phone ? { phone: model.phone } : {}),
    communityCode: model.communityCode,
    categories: categoryEntries(model),
    status: model.status,
    ...statusFields(model, null),
    ...(model.status === 'deceased' && model.deceasedOn ? { deceasedOn: model.deceasedOn } : {}),
    ...(careNeed(model) ? { concentratedCareNeedSince: careNeed(model) } : {}),
    ...(dietaryNotes ? { dietaryNotes } : {}),
    pickupDelegates: delegateInputs(model),
  }
}

export function toUpdateBody(model: ElderFormModel, original: Elder): ElderUpdate {
  return {
    name: model.name.trim(),
    ...(model.phone ? { phone: model.phone } : {}),
    communityCode: model.communityCode,
    categories: categoryEntries(model),
    status: model.status,
    ...statusFields(model, original),
    deceasedOn: model.status === 'deceased' ? model.deceasedOn || null : null,
    ...(careNeed(model) !== original.concentratedCareNeedSince ? { concentratedCareNeedSince: careNeed(model) } : {}),
    dietaryNotes: model.dietaryNotes.trim() || null,
    ...(delegatesChanged(model, original) ? { pickupDelegates: delegateInputs(model) } : {}),
  }
}

export function useElderForm(editing: () => Elder | null, defaultCommunity: () => string, onSaved: (elder: Elder) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<ElderFormModel>(emptyElderForm())
  const saving = ref(false)
  const creating = computed(() => editing() === null)
  const facts = computed(() => idNumberFacts(model.idNumber))
  const askStatusFrom = computed(() => model.status !== 'deceased' && statusChanged(model, editing()))
  const institutions = ref<Facility[]>([])

  /** The institutions an elder may live in, for 入住机构; loaded once, when first needed. */
  watch(
    () => model.status,
    async (status) => {
      if (status !== 'in_institution' || institutions.value.length > 0) return
      try {
        institutions.value = await listAllFacilities({ type: 'institution' })
      } catch (error) {
        showError(error)
      }
    },
    { immediate: true },
  )

  function fill(): void {
    const elder = editing()
    Object.assign(model, elder ? elderFormFrom(elder) : emptyElderForm(defaultCommunity()))
    formRef.value?.clearValidate()
  }

  function addCategory(): void {
    model.categories.push(emptyCategory())
  }

  function removeCategory(index: number): void {
    model.categories.splice(index, 1)
  }

  function addDelegate(): void {
    model.pickupDelegates.push(emptyDelegate())
  }

  function removeDelegate(index: number): void {
    model.pickupDelegates.splice(index, 1)
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    saving.value = true
    try {
      const original = editing()
      const saved = original ? await updateElder(original.id, toUpdateBody(model, original)) : await createElder(toCreateBody(model))
      onSaved(saved)
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return {
    formRef,
    model,
    saving,
    creating,
    facts,
    askStatusFrom,
    institutions,
    fill,
    addCategory,
    removeCategory,
    addDelegate,
    removeDelegate,
    submit,
  }
}
