import type { Facility, ServiceArea, ServiceAreaEntry } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { replaceServiceArea } from '../../api/facilities'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'

export interface ServiceAreaFormModel {
  communityCodes: string[]
  effectiveFrom: string
}

/** Communities whose period covers `day`: a period ends the day before its `validTo`. */
export function communitiesOn(history: ServiceAreaEntry[], day: string): string[] {
  return history.filter((entry) => entry.validFrom <= day && (entry.validTo === null || entry.validTo > day)).map((entry) => entry.communityCode)
}

/** A change cannot apply before the facility opened; a planned one starts on its opening day. */
export function firstEffectiveDay(facility: Pick<Facility, 'openedOn'>, today = shanghaiToday()): string {
  return facility.openedOn > today ? facility.openedOn : today
}

export function useServiceAreaForm(facility: () => Facility | null, area: () => ServiceArea | null, onSaved: (area: ServiceArea) => void) {
  const model = reactive<ServiceAreaFormModel>({ communityCodes: [], effectiveFrom: shanghaiToday() })
  const saving = ref(false)

  function fill(): void {
    const current = facility()
    model.effectiveFrom = current ? firstEffectiveDay(current) : shanghaiToday()
    model.communityCodes = communitiesOn(area()?.history ?? [], model.effectiveFrom)
  }

  /** Days before the opening cannot be picked; the picker hands over the day at local midnight. */
  function disabledDate(date: Date): boolean {
    const openedOn = facility()?.openedOn
    if (openedOn === undefined) return false
    const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
    return day < openedOn
  }

  async function submit(): Promise<void> {
    const current = facility()
    if (!current || !model.effectiveFrom) return
    saving.value = true
    try {
      onSaved(await replaceServiceArea(current.id, { communityCodes: [...model.communityCodes], effectiveFrom: model.effectiveFrom }))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, saving, fill, disabledDate, submit }
}
