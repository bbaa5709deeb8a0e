import type { CardSettings } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { updateCardSettings } from '../../api/care-cards'
import { showError } from '../../utils/feedback'

export type PurseSetting = CardSettings['purses'][number]

/** The limits of the contract (`CardSettings`). */
export const MAX_PURSES = 4
export const MAX_SERVICE_TYPES = 30
const PURSE_CODE = /^[a-z][a-z_]{0,19}$/

/** What is wrong with the settings as edited, as a message key; null when the server would take them. */
export function settingsProblem(settings: CardSettings): string | null {
  const codes = settings.purses.map((purse) => purse.code)
  if (settings.purses.length === 0 || settings.purses.length > MAX_PURSES) return 'allowances.settings.purseCount'
  if (codes.some((code) => !PURSE_CODE.test(code))) return 'allowances.settings.purseCodeInvalid'
  if (new Set(codes).size !== codes.length) return 'allowances.settings.purseCodeTaken'
  if (settings.purses.some((purse) => purse.name.trim() === '' || purse.name.trim().length > 16)) return 'allowances.settings.purseNameInvalid'
  if (!settings.purses.some((purse) => purse.pays.includes('meal'))) return 'allowances.settings.mealPurseRequired'
  return null
}

function copy(settings: CardSettings): CardSettings {
  return { ...settings, purses: settings.purses.map((purse) => ({ ...purse, pays: [...purse.pays] })), serviceTypes: [...settings.serviceTypes] }
}

/**
 * The district's card policy as a form. Purses already saved keep their code: cards hold balances under
 * it, and the server refuses to drop one.
 */
export function useCardSettingsForm(onSaved: (settings: CardSettings) => void) {
  const { t } = useI18n()
  const model = reactive<CardSettings>({ purses: [], allowanceExpiry: 'never', cancellationRule: 'return_bureau', serviceTypes: [] })
  const savedCodes = ref<string[]>([])
  const newServiceType = ref('')
  const saving = ref(false)
  const problem = computed(() => (model.purses.length > 0 ? settingsProblem(model) : null))

  function fill(settings: CardSettings): void {
    Object.assign(model, copy(settings))
    savedCodes.value = settings.purses.map((purse) => purse.code)
  }

  function addPurse(): void {
    if (model.purses.length < MAX_PURSES) model.purses.push({ code: '', name: '', pays: [] })
  }

  /** Saved purses come first, in the order the server keeps them; only those added since may go. */
  function isSaved(index: number): boolean {
    return index < savedCodes.value.length
  }

  function removePurse(index: number): void {
    if (!isSaved(index)) model.purses.splice(index, 1)
  }

  function addServiceType(): void {
    const name = newServiceType.value.trim().slice(0, 32)
    if (name && !model.serviceTypes.includes(name) && model.serviceTypes.length < MAX_SERVICE_TYPES) model.serviceTypes.push(name)
    newServiceType.value = ''
  }

  function removeServiceType(name: string): void {
    model.serviceTypes = model.serviceTypes.filter((item) => item !== name)
  }

  async function save(): Promise<void> {
    const body = copy(model)
    body.purses = body.purses.map((purse) => ({ ...purse, name: purse.name.trim() }))
    const issue = settingsProblem(body)
    if (issue) {
      ElMessage.error(t(issue))
      return
    }
    saving.value = true
    try {
      const saved = await updateCardSettings(body)
      fill(saved)
      ElMessage.success(t('common.saved'))
      onSaved(saved)
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, isSaved, newServiceType, saving, problem, fill, addPurse, removePurse, addServiceType, removeServiceType, save }
}
