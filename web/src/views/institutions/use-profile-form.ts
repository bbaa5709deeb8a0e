import type { InstitutionDetail, InstitutionOwnership, InstitutionProfilePut } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { reactive, ref } from 'vue'
import { putInstitutionProfile } from '../../api/institutions'
import { showError } from '../../utils/feedback'

export interface ProfileFormModel {
  ownership: InstitutionOwnership | ''
  licenceNo: string
  licensedOn: string
  licensedBeds: number | null
  healthUnion: boolean
}

export function profileForm(institution: InstitutionDetail | null): ProfileFormModel {
  const profile = institution?.profile
  return {
    ownership: profile?.ownership ?? '',
    licenceNo: profile?.licenceNo ?? '',
    licensedOn: profile?.licensedOn ?? '',
    licensedBeds: profile?.licensedBeds ?? null,
    healthUnion: profile?.healthUnion ?? false,
  }
}

/** The body the API takes; blank optional fields become null. Null while no ownership is chosen. */
export function toProfileBody(model: ProfileFormModel): InstitutionProfilePut | null {
  if (!model.ownership) return null
  return {
    ownership: model.ownership,
    licenceNo: model.licenceNo.trim() || null,
    licensedOn: model.licensedOn || null,
    licensedBeds: model.licensedBeds,
    healthUnion: model.healthUnion,
  }
}

export function useProfileForm(institution: () => InstitutionDetail | null, onSaved: (saved: InstitutionDetail) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<ProfileFormModel>(profileForm(null))
  const saving = ref(false)

  function fill(): void {
    Object.assign(model, profileForm(institution()))
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const current = institution()
    const valid = await formRef.value?.validate().catch(() => false)
    const body = toProfileBody(model)
    if (!valid || !body || !current) return
    saving.value = true
    try {
      onSaved(await putInstitutionProfile(current.id, body))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, fill, submit }
}
