import type { Facility, MealRecordListItem } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { listAllFacilities } from '../../api/facilities'
import { listMealRecords } from '../../api/meals'
import { showError } from '../../utils/feedback'
import { emptyMealRecordSearch, mealRecordQuery } from './data'

export function useMealRecords() {
  const search = ref(emptyMealRecordSearch())
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<MealRecordListItem[]>([])
  const facilities = ref<Facility[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listMealRecords(mealRecordQuery(search.value, pager.page, pager.pageSize))
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  /** Closed facilities stay in the filter: their past meals are still worth finding. */
  async function loadFacilities(): Promise<void> {
    try {
      facilities.value = (await listAllFacilities()).filter((facility) => facility.mealSlots.length > 0)
    } catch (error) {
      showError(error)
    }
  }

  function onSearch(): void {
    pager.page = 1
    void load()
  }

  function onReset(): void {
    search.value = emptyMealRecordSearch()
    onSearch()
  }

  return { search, pager, rows, facilities, loading, load, loadFacilities, onSearch, onReset }
}
