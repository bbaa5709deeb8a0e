import type { Elder } from '@eldercare/shared'
import { computed, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { exportRoster, searchElders } from '../../api/elders'
import { townGroups, useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { saveFile } from '../../utils/download'
import { showError } from '../../utils/feedback'
import { ELDER_EDITORS, elderQuery, emptyElderSearch, exportQuery } from './data'

export function useElders() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const { regions, names, loadRegions } = useRegionOptions()
  const search = ref(emptyElderSearch())
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<Elder[]>([])
  const loading = ref(false)
  const dialog = reactive<{ visible: boolean; elder: Elder | null }>({ visible: false, elder: null })
  const detail = reactive<{ visible: boolean; elder: Elder | null }>({ visible: false, elder: null })
  const importVisible = ref(false)
  const exportReveal = ref(false)
  const exporting = ref(false)

  const canEdit = computed(() => auth.hasRole(ELDER_EDITORS))
  /** Town staff only keep the roster of their own towns, so only those are offered. */
  const groups = computed(() => townGroups(regions.value, auth.user?.role === 'town_staff' ? auth.user.townCodes : undefined))

  // A community of another town would make the filters contradict each other.
  watch(
    () => search.value.townCode,
    (town) => {
      if (town && search.value.communityCode && !search.value.communityCode.startsWith(town)) search.value.communityCode = ''
    },
  )

  function townName(elder: Elder): string {
    return names.value.get(elder.townCode) ?? elder.townCode
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await searchElders(elderQuery(search.value, pager.page, pager.pageSize))
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onSearch(): void {
    pager.page = 1
    void load()
  }

  function onReset(): void {
    search.value = emptyElderSearch()
    onSearch()
  }

  function openDialog(elder: Elder | null): void {
    dialog.elder = elder
    dialog.visible = true
  }

  function openDetail(elder: Elder): void {
    detail.elder = elder
    detail.visible = true
  }

  function onSaved(saved: Elder): void {
    ElMessage.success(dialog.elder ? t('common.saved') : t('elders.created'))
    if (detail.elder?.id === saved.id) detail.elder = saved
    void load()
  }

  async function exportFile(): Promise<void> {
    exporting.value = true
    try {
      saveFile(await exportRoster(exportQuery(search.value, exportReveal.value)), t('elders.exportFileName'))
    } catch (error) {
      showError(error)
    } finally {
      exporting.value = false
    }
  }

  return {
    search,
    pager,
    rows,
    loading,
    groups,
    dialog,
    detail,
    importVisible,
    exportReveal,
    exporting,
    canEdit,
    townName,
    load,
    loadRegions,
    onSearch,
    onReset,
    openDialog,
    openDetail,
    onSaved,
    exportFile,
  }
}
