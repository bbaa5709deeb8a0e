import type { SubsidyRule } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listSubsidyRules } from '../../api/subsidy-rules'
import { showError } from '../../utils/feedback'

export function useSubsidyRules() {
  const { t } = useI18n()
  /** Blank lists every rule ever made; a date lists those in force that day. */
  const asOf = ref('')
  const rows = ref<SubsidyRule[]>([])
  const loading = ref(false)
  const dialog = reactive({ visible: false })
  const ending = reactive<{ visible: boolean; rule: SubsidyRule | null }>({ visible: false, rule: null })

  async function load(): Promise<void> {
    loading.value = true
    try {
      rows.value = (await listSubsidyRules(asOf.value || undefined)).items
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function showAsOf(day: string): void {
    asOf.value = day
    void load()
  }

  function openCreate(): void {
    dialog.visible = true
  }

  function onCreated(): void {
    ElMessage.success(t('subsidyRules.created'))
    void load()
  }

  function openEnd(rule: SubsidyRule): void {
    ending.rule = rule
    ending.visible = true
  }

  function onEnded(rule: SubsidyRule): void {
    ElMessage.success(t('subsidyRules.endDone', { name: rule.name, date: rule.validTo ?? '' }))
    void load()
  }

  return { asOf, rows, loading, dialog, ending, load, showAsOf, openCreate, onCreated, openEnd, onEnded }
}
