import { BUREAU_ROLES, type Facility, type ServiceArea } from '@eldercare/shared'
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getFacility, getServiceArea } from '../../api/facilities'
import { useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'

export function useFacilityDetail(id: () => string) {
  const { t } = useI18n()
  const auth = useAuthStore()
  const { regions, names, loadRegions } = useRegionOptions()
  const facility = ref<Facility | null>(null)
  const kitchenName = ref<string | null>(null)
  const loading = ref(false)
  const asOf = ref(shanghaiToday())
  const area = ref<ServiceArea | null>(null)
  const areaLoading = ref(false)
  const editVisible = ref(false)
  const areaVisible = ref(false)

  const canEdit = computed(() => auth.hasRole(BUREAU_ROLES))

  /** The supplier may lie outside the user's scope; the page then just leaves its name out. */
  async function loadKitchenName(kitchenId: string | null): Promise<void> {
    kitchenName.value = null
    if (!kitchenId) return
    try {
      kitchenName.value = (await getFacility(kitchenId)).name
    } catch {
      kitchenName.value = null
    }
  }

  async function loadArea(): Promise<void> {
    areaLoading.value = true
    try {
      area.value = await getServiceArea(id(), asOf.value || undefined)
    } catch (error) {
      showError(error)
    } finally {
      areaLoading.value = false
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      facility.value = await getFacility(id())
      void loadKitchenName(facility.value.supplierKitchenId)
      await loadArea()
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onSaved(saved: Facility): void {
    facility.value = saved
    ElMessage.success(t('common.saved'))
    void loadKitchenName(saved.supplierKitchenId)
  }

  /** Shows the area from the day the change applies, which is what was just decided. */
  async function onAreaSaved(saved: ServiceArea): Promise<void> {
    area.value = saved
    asOf.value = saved.asOf
    ElMessage.success(t('facilities.serviceAreaSaved'))
    try {
      facility.value = await getFacility(id())
    } catch (error) {
      showError(error)
    }
  }

  return {
    facility,
    kitchenName,
    loading,
    asOf,
    area,
    areaLoading,
    editVisible,
    areaVisible,
    canEdit,
    regions,
    names,
    load,
    loadRegions,
    loadArea,
    onSaved,
    onAreaSaved,
  }
}
