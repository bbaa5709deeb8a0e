import type { BedHistory, BedReport, InstitutionDetail, StarRating } from '@eldercare/shared'
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getBedHistory, getInstitution, listBedReports, listStarRatings } from '../../api/institutions'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { BED_REPORT_FILERS } from './roles'

export function useInstitutionDetail(id: () => string) {
  const { t } = useI18n()
  const auth = useAuthStore()
  const institution = ref<InstitutionDetail | null>(null)
  const history = ref<BedHistory | null>(null)
  const ratings = ref<StarRating[]>([])
  const reports = ref<BedReport[]>([])
  const loading = ref(false)
  const profileVisible = ref(false)

  /** Reporters keep their own institution's profile, the bureau every one; town staff only look. */
  const canEdit = computed(() => auth.hasRole(BED_REPORT_FILERS))

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [detail, bedHistory, ratingPage, reportPage] = await Promise.all([
        getInstitution(id()),
        getBedHistory(id(), 12),
        listStarRatings({ facilityId: id(), pageSize: 50 }),
        listBedReports({ facilityId: id(), pageSize: 24 }),
      ])
      institution.value = detail
      history.value = bedHistory
      ratings.value = ratingPage.items
      reports.value = reportPage.items
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onProfileSaved(saved: InstitutionDetail): void {
    institution.value = saved
    ElMessage.success(t('common.saved'))
  }

  return { institution, history, ratings, reports, loading, profileVisible, canEdit, load, onProfileSaved }
}
