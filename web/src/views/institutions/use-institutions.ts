import type { Institution, InstitutionFigures } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { getInstitutionFigures, listInstitutions } from '../../api/institutions'
import { useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { emptyInstitutionSearch, institutionQuery } from './data'
import { FIGURE_READERS } from './roles'

export function useInstitutions() {
  const auth = useAuthStore()
  const { towns, loadRegions } = useRegionOptions()
  const search = ref(emptyInstitutionSearch())
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<Institution[]>([])
  const figures = ref<InstitutionFigures | null>(null)
  const loading = ref(false)

  /** Reporters see their own institution; the district's figures are for the bureau and towns. */
  const showFigures = computed(() => auth.hasRole(FIGURE_READERS))

  async function loadFigures(): Promise<void> {
    if (!showFigures.value) return
    try {
      const query = institutionQuery(search.value, 1, 1)
      figures.value = await getInstitutionFigures({ townCode: query.townCode, ownership: query.ownership })
    } catch (error) {
      showError(error)
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listInstitutions(institutionQuery(search.value, pager.page, pager.pageSize))
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
    void loadFigures()
  }

  function onReset(): void {
    search.value = emptyInstitutionSearch()
    onSearch()
  }

  return { search, pager, rows, figures, loading, towns, showFigures, load, loadFigures, loadRegions, onSearch, onReset }
}
