import type { Institution, StarRating } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listInstitutions, listStarRatings } from '../../api/institutions'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { BUREAU } from './roles'

/** Which ratings the list shows: each institution's current one, those running out soon, or every assessment. */
export type RatingView = 'current' | 'expiring' | 'all'
export const EXPIRING_WITHIN_DAYS = 90

export function ratingQuery(view: RatingView, page: number, pageSize: number) {
  return {
    page,
    pageSize,
    ...(view === 'current' ? { current: true } : {}),
    ...(view === 'expiring' ? { expiringWithinDays: EXPIRING_WITHIN_DAYS } : {}),
  }
}

export function useStarRatings() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const canRate = computed(() => auth.hasRole(BUREAU))
  const canEditSettings = computed(() => auth.hasRole(['bureau_admin']))
  const view = ref<RatingView>('current')
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<StarRating[]>([])
  const institutions = ref<Institution[]>([])
  const loading = ref(false)
  const dialogVisible = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listStarRatings(ratingQuery(view.value, pager.page, pager.pageSize))
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function loadInstitutions(): Promise<void> {
    if (!canRate.value) return
    try {
      institutions.value = (await listInstitutions({ pageSize: 200 })).items
    } catch (error) {
      showError(error)
    }
  }

  function onView(): void {
    pager.page = 1
    void load()
  }

  function onSaved(rating: StarRating): void {
    ElMessage.success(rating.capped ? t('starRatings.savedCapped', { grade: rating.grade ?? 0, scored: rating.scoredGrade ?? 0 }) : t('starRatings.saved'))
    void load()
  }

  return { canRate, canEditSettings, view, pager, rows, institutions, loading, dialogVisible, load, loadInstitutions, onView, onSaved }
}
