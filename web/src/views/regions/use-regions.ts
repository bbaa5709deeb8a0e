import type { Region } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listRegions } from '../../api/regions'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { buildRegionTree, emptyRegionSearch, filterRegionTree } from './data'

export function useRegions() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const regions = ref<Region[]>([])
  const loading = ref(false)
  const search = ref(emptyRegionSearch())
  const applied = ref(emptyRegionSearch())
  const editDialog = reactive<{ visible: boolean; region: Region | null }>({ visible: false, region: null })
  const importVisible = ref(false)

  const canEdit = computed(() => auth.hasRole(['bureau_admin']))
  const tree = computed(() => filterRegionTree(buildRegionTree(regions.value), applied.value))
  /** Searching opens every town so the matching communities are in sight. */
  const expandAll = computed(() => Object.values(applied.value).some((value) => value !== ''))

  async function load(): Promise<void> {
    loading.value = true
    try {
      regions.value = (await listRegions()).items
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onSearch(): void {
    applied.value = { ...search.value }
  }

  function onReset(): void {
    search.value = emptyRegionSearch()
    onSearch()
  }

  function edit(region: Region): void {
    editDialog.region = region
    editDialog.visible = true
  }

  function onSaved(saved: Region): void {
    regions.value = regions.value.map((region) => (region.code === saved.code ? saved : region))
    ElMessage.success(t('common.saved'))
  }

  return { loading, search, tree, expandAll, canEdit, editDialog, importVisible, load, onSearch, onReset, edit, onSaved }
}
