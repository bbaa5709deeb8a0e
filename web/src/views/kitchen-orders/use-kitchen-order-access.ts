import { BUREAU_ROLES } from '@eldercare/shared'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { listAllFacilities } from '../../api/facilities'
import { useAuthStore } from '../../stores/auth'
import { centralKitchens, orderingPoints } from './data'

/**
 * Whether 中央厨房订餐 concerns the signed-in user: the bureau always; an operator only when one of their
 * facilities orders from a central kitchen or is one. Until the operator's facilities are known it does not.
 */
export const useKitchenOrderAccess = defineStore('kitchen-order-access', () => {
  const auth = useAuthStore()
  const facilityCount = ref<{ userId: string; count: number } | null>(null)
  let loadingFor: string | null = null

  async function load(userId: string): Promise<void> {
    if (loadingFor === userId) return
    loadingFor = userId
    try {
      const all = await listAllFacilities()
      const user = auth.user
      if (user?.id !== userId) return
      facilityCount.value = { userId, count: orderingPoints(all, user).length + centralKitchens(all, user).length }
    } catch {
      // The menu simply leaves the entry out; the page itself is still reachable by its address.
      loadingFor = null
    }
  }

  watch(
    () => auth.user,
    (user) => {
      if (user?.role === 'canteen_operator' && facilityCount.value?.userId !== user.id) void load(user.id)
    },
    { immediate: true },
  )

  const applies = computed(() => {
    const user = auth.user
    if (!user) return false
    if (BUREAU_ROLES.includes(user.role)) return true
    return facilityCount.value?.userId === user.id && facilityCount.value.count > 0
  })

  return { applies }
})
