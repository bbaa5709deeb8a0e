import type { LoginBody } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { reactive, ref } from 'vue'
import { ApiError, type ApiErrorCode } from '../../api/api-error'
import { useAuthStore } from '../../stores/auth'
import { errorMessage } from '../../utils/error-message'
import { readStorage, STORAGE_KEYS } from '../../utils/storage-keys'
import type { LoginFormModel } from './rules'

/** Codes whose server wording adds what the user needs next (how long to wait). */
const CODES_WITH_SPECIFICS = new Set<ApiErrorCode>(['AUTH_LOCKED', 'RATE_LIMITED'])

function toLoginBody(model: LoginFormModel): LoginBody {
  const tenantCode = model.tenantCode.trim()
  return { ...(tenantCode ? { tenantCode } : {}), username: model.username.trim(), password: model.password }
}

export function useLogin(onSuccess: () => void) {
  const auth = useAuthStore()
  const formRef = ref<FormInstance>()
  const model = reactive<LoginFormModel>({
    tenantCode: readStorage(STORAGE_KEYS.lastTenantCode) ?? '',
    username: '',
    password: '',
  })
  const error = ref<{ message: string; detail: string } | null>(null)

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    error.value = null
    try {
      await auth.login(toLoginBody(model))
      onSuccess()
    } catch (caught) {
      const detail = caught instanceof ApiError && CODES_WITH_SPECIFICS.has(caught.code) ? caught.serverMessage : ''
      error.value = { message: errorMessage(caught), detail }
      model.password = ''
    }
  }

  return { formRef, model, error, submit }
}
