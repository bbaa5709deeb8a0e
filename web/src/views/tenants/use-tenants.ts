import type { Tenant } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listTenants } from '../../api/tenants'
import { showError } from '../../utils/feedback'

export function useTenants() {
  const { t } = useI18n()
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<Tenant[]>([])
  const loading = ref(false)
  const dialogVisible = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listTenants({ page: pager.page, pageSize: pager.pageSize })
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onCreated(): void {
    ElMessage.success(t('tenants.created'))
    void load()
  }

  function onSizeChange(): void {
    pager.page = 1
    void load()
  }

  return { pager, rows, loading, dialogVisible, load, onCreated, onSizeChange }
}
