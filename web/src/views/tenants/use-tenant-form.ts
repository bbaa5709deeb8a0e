import type { Tenant, TenantCreate } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { reactive, ref } from 'vue'
import { createTenant } from '../../api/tenants'
import { showError } from '../../utils/feedback'

export interface TenantFormModel {
  code: string
  name: string
  adminUsername: string
  adminDisplayName: string
  adminPassword: string
}

function emptyTenantForm(): TenantFormModel {
  return { code: '', name: '', adminUsername: '', adminDisplayName: '', adminPassword: '' }
}

function toTenantCreate(model: TenantFormModel): TenantCreate {
  return {
    code: model.code.trim(),
    name: model.name.trim(),
    admin: { username: model.adminUsername.trim(), displayName: model.adminDisplayName.trim(), password: model.adminPassword },
  }
}

export function useTenantForm(onSaved: (tenant: Tenant) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<TenantFormModel>(emptyTenantForm())
  const saving = ref(false)

  function reset(): void {
    Object.assign(model, emptyTenantForm())
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    saving.value = true
    try {
      onSaved(await createTenant(toTenantCreate(model)))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, reset, submit }
}
