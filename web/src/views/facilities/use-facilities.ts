import { BUREAU_ROLES, type Facility } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listFacilities } from '../../api/facilities'
import { useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { emptyFacilitySearch, facilityQuery } from './data'

export function useFacilities() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const { regions, towns, islands, loadRegions } = useRegionOptions()
  const search = ref(emptyFacilitySearch())
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<Facility[]>([])
  const loading = ref(false)
  const dialog = reactive<{ visible: boolean; facility: Facility | null }>({ visible: false, facility: null })

  /** The server lets only the bureau create and edit facilities. */
  const canEdit = computed(() => auth.hasRole(BUREAU_ROLES))

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listFacilities(facilityQuery(search.value, pager.page, pager.pageSize))
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
    search.value = emptyFacilitySearch()
    onSearch()
  }

  function openDialog(facility: Facility | null): void {
    dialog.facility = facility
    dialog.visible = true
  }

  function onSaved(): void {
    ElMessage.success(dialog.facility ? t('common.saved') : t('facilities.created'))
    void load()
  }

  return { search, pager, rows, regions, towns, islands, loading, dialog, canEdit, load, loadRegions, onSearch, onReset, openDialog, onSaved }
}
