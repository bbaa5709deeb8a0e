import { BUREAU_ROLES, type CurrentUser, type Region } from '@eldercare/shared'
import { computed, onMounted, ref, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { listRegions } from '../../api/regions'

/** What part of the district the user's data is limited to, in words. */
export function useScopeLabel(user: () => CurrentUser | null): ComputedRef<string> {
  const { t } = useI18n()
  const towns = ref<Region[]>([])

  onMounted(async () => {
    if (user()?.role !== 'town_staff') return
    try {
      towns.value = (await listRegions({ level: 'town' })).items
    } catch {
      // Codes still say which towns; the names are a nicety.
    }
  })

  return computed(() => {
    const current = user()
    if (!current) return ''
    if (current.role === 'platform_admin') return t('home.scopePlatform')
    if (BUREAU_ROLES.includes(current.role)) return t('home.scopeDistrict')
    if (current.role === 'town_staff') {
      const names = new Map(towns.value.map((town) => [town.code, town.name]))
      return current.townCodes.map((code) => names.get(code) ?? code).join(t('common.listSeparator')) || t('home.scopeNone')
    }
    return current.facilityIds.length > 0 ? t('home.scopeFacilities', { count: current.facilityIds.length }) : t('home.scopeNone')
  })
}
