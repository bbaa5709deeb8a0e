import { BUREAU_ROLES, type Facility, type Settlement, type SettlementKey } from '@eldercare/shared'
import { computed, ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../api/api-error'
import { listAllFacilities } from '../../api/facilities'
import { approveSettlement, exportSettlement, getSettlement, submitSettlement, townApproveSettlement } from '../../api/settlements'
import { useAuthStore } from '../../stores/auth'
import { saveFile } from '../../utils/download'
import { confirmed, showError } from '../../utils/feedback'
import { settlementActions, settlementFacilities, type SettlementActions } from './data'

/** The statement of the facility and month chosen (both owned by the page, so the review queue can open one). */
export function useSettlement(facilityId: Ref<string>, month: Ref<string>, onChanged: (settlement: Settlement) => void = () => undefined) {
  const { t } = useI18n()
  const auth = useAuthStore()
  const facilities = ref<Facility[]>([])
  const loadingFacilities = ref(false)
  const settlement = ref<Settlement | null>(null)
  const loading = ref(false)
  const busy = ref<'submit' | 'townApprove' | 'approve' | 'export' | null>(null)
  const returning = ref(false)

  const actions = computed<SettlementActions>(() =>
    settlement.value ? settlementActions(settlement.value, auth.user?.role) : { submit: false, townApprove: false, approve: false, return: false },
  )

  function key(): SettlementKey | null {
    return facilityId.value && month.value ? { facilityId: facilityId.value, month: month.value } : null
  }

  async function loadFacilities(): Promise<void> {
    loadingFacilities.value = true
    try {
      facilities.value = settlementFacilities(await listAllFacilities(), auth.user)
      const mine = auth.user && !BUREAU_ROLES.includes(auth.user.role)
      // An operator's own canteen is the obvious choice; the bureau picks among dozens.
      if (!facilityId.value && mine && facilities.value.length > 0) facilityId.value = facilities.value[0]!.id
    } catch (error) {
      showError(error)
    } finally {
      loadingFacilities.value = false
    }
  }

  let generation = 0

  async function load(): Promise<void> {
    const wanted = key()
    const mine = ++generation
    if (!wanted) {
      settlement.value = null
      return
    }
    loading.value = true
    try {
      const answer = await getSettlement(wanted)
      if (mine === generation) settlement.value = answer
    } catch (error) {
      if (mine === generation) {
        settlement.value = null
        showError(error)
      }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** A step refused because someone else moved the statement first: show it as it now stands. */
  function stepFailed(error: unknown): void {
    showError(error)
    if (error instanceof ApiError && (error.code === 'SETTLEMENT_STATE' || error.code === 'SETTLEMENT_TOWN_REVIEW_PENDING')) void load()
  }

  async function submit(): Promise<void> {
    const current = settlement.value
    if (!current) return
    const ok = await confirmed(t('settlements.submitConfirm', { facility: current.facilityName, month: current.month }), t('settlements.submitTitle'))
    if (!ok) return
    busy.value = 'submit'
    try {
      settlement.value = await submitSettlement({ facilityId: current.facilityId, month: current.month })
      ElMessage.success(t('settlements.submitDone'))
      onChanged(settlement.value)
    } catch (error) {
      stepFailed(error)
    } finally {
      busy.value = null
    }
  }

  /** The town's review and the bureau's approval: confirmed, then sent. */
  async function decide(step: 'townApprove' | 'approve'): Promise<void> {
    const current = settlement.value
    if (!current) return
    const ok = await confirmed(t(`settlements.${step}Confirm`, { facility: current.facilityName, month: current.month }), t(`settlements.${step}`))
    if (!ok) return
    busy.value = step
    try {
      const key = { facilityId: current.facilityId, month: current.month }
      settlement.value = step === 'townApprove' ? await townApproveSettlement(key) : await approveSettlement(key)
      ElMessage.success(t(`settlements.${step}Done`))
      onChanged(settlement.value)
    } catch (error) {
      stepFailed(error)
    } finally {
      busy.value = null
    }
  }

  const approve = () => decide('approve')
  const townApprove = () => decide('townApprove')

  function openReturn(): void {
    returning.value = true
  }

  function onReturned(returned: Settlement): void {
    settlement.value = returned
    ElMessage.success(t('settlements.returnDone'))
    onChanged(returned)
  }

  async function exportFile(): Promise<void> {
    const wanted = key()
    if (!wanted) return
    busy.value = 'export'
    try {
      saveFile(await exportSettlement(wanted), t('settlements.exportFileName', { month: wanted.month }))
    } catch (error) {
      showError(error)
    } finally {
      busy.value = null
    }
  }

  watch([facilityId, month], () => void load())

  return { facilities, loadingFacilities, settlement, loading, busy, returning, actions, loadFacilities, load, submit, townApprove, approve, openReturn, onReturned, exportFile }
}
