import {
  INSTITUTION_OWNERSHIPS,
  type BedFigureField,
  type BedFigureProblem,
  type BedReportStatus,
  type Institution,
  type InstitutionListQuery,
  type Ratio,
  type Region,
} from '@eldercare/shared'
import { computed, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'

/** The form's sections, each a group of figures in the order the paper form has them. */
export const FIGURE_GROUPS: { key: 'beds' | 'occupancy' | 'residents' | 'staff'; fields: BedFigureField[] }[] = [
  { key: 'beds', fields: ['totalBeds', 'nursingBeds', 'dementiaBeds', 'closedBeds'] },
  { key: 'occupancy', fields: ['occupiedBeds', 'occupiedNursingBeds', 'occupiedDementiaBeds'] },
  { key: 'residents', fields: ['residentsSelfCare', 'residentsPartlyDependent', 'residentsDependent'] },
  { key: 'staff', fields: ['certifiedCaregivers', 'caregivers'] },
]

export const REPORT_STATUS_TAG: Record<BedReportStatus, 'info' | 'warning' | 'success' | 'danger'> = {
  draft: 'info',
  submitted: 'warning',
  approved: 'success',
  returned: 'danger',
}

/** `58.3%`, or a dash when there is nothing to divide by. */
export function percent(ratio: Ratio): string {
  return ratio.value === null ? '—' : `${(ratio.value * 100).toFixed(1)}%`
}

/** `0.21`, or a dash when there is nothing to divide by. */
export function decimal(ratio: Ratio): string {
  return ratio.value === null ? '—' : ratio.value.toFixed(2)
}

/** ★★★☆☆ for a grade of 3. */
export function starText(grade: number): string {
  return '★'.repeat(grade) + '☆'.repeat(5 - grade)
}

/** Words for a refused figure, in the user's language; the server says the same in English. */
export function useProblemText(): (problem: BedFigureProblem) => string {
  const { t } = useI18n()
  return (problem) => {
    if (problem.rule === 'negative') return t('bedReports.checks.negative')
    if (problem.rule === 'residentsExceedOccupied') return t('bedReports.checks.residentsExceedOccupied', { limit: problem.limit })
    return t('bedReports.checks.exceeds', { whole: t(`bedReports.fields.${problem.limitOf}`), limit: problem.limit })
  }
}

export function emptyInstitutionSearch(): SearchModel {
  return { q: '', townCode: '', ownership: '' }
}

export function institutionQuery(search: SearchModel, page: number, pageSize: number): InstitutionListQuery {
  return {
    page,
    pageSize,
    q: search.q?.trim() || undefined,
    townCode: search.townCode || undefined,
    ownership: INSTITUTION_OWNERSHIPS.find((value) => value === search.ownership),
  }
}

export function useInstitutionSearchFields(towns: Ref<Region[]>): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  return computed(() => [
    { kind: 'input', field: 'q', label: t('institutions.keyword'), placeholder: t('institutions.keywordPlaceholder') },
    { kind: 'select', field: 'townCode', label: t('institutions.town'), options: towns.value.map((town) => ({ value: town.code, label: town.name })) },
    {
      kind: 'select',
      field: 'ownership',
      label: t('institutions.ownership'),
      options: INSTITUTION_OWNERSHIPS.map((value) => ({ value, label: t(`institutions.ownerships.${value}`) })),
    },
  ])
}

export function useInstitutionColumns(): ComputedRef<TableColumn<Institution>[]> {
  const { t } = useI18n()
  const beds = (institution: Institution) => institution.latestReport?.figures
  return computed(() => [
    { key: 'name', label: t('institutions.name'), minWidth: 180, slot: 'name' },
    { key: 'town', label: t('institutions.town'), minWidth: 150, formatter: (i) => `${i.townName} / ${i.communityName}` },
    {
      key: 'ownership',
      label: t('institutions.ownership'),
      width: 110,
      collapse: 'narrow',
      formatter: (i) => (i.profile.ownership ? t(`institutions.ownerships.${i.profile.ownership}`) : t('institutions.profileMissing')),
    },
    { key: 'totalBeds', label: t('bedReports.fields.totalBeds'), width: 90, formatter: (i) => String(beds(i)?.totalBeds ?? '—') },
    { key: 'nursingBeds', label: t('bedReports.fields.nursingBeds'), formatter: (i) => String(beds(i)?.nursingBeds ?? '—'), collapse: 'always' },
    { key: 'occupiedBeds', label: t('bedReports.fields.occupiedBeds'), formatter: (i) => String(beds(i)?.occupiedBeds ?? '—'), collapse: 'always' },
    { key: 'period', label: t('institutions.latestPeriod'), width: 110, formatter: (i) => i.latestReport?.period ?? t('institutions.noReport'), collapse: 'narrow' },
    { key: 'rating', label: t('institutions.currentRating'), width: 130, slot: 'rating' },
    { key: 'actions', label: t('common.actions'), width: 90, fixed: 'right', slot: 'actions' },
  ])
}
