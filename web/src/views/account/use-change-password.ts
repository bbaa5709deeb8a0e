import type { FormInstance } from 'element-plus'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import type { ChangePasswordModel } from './rules'

export function useChangePassword() {
  const { t } = useI18n()
  const router = useRouter()
  const auth = useAuthStore()
  const formRef = ref<FormInstance>()
  const model = reactive<ChangePasswordModel>({ currentPassword: '', newPassword: '', confirmPassword: '' })

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    try {
      await auth.changePassword({ currentPassword: model.currentPassword, newPassword: model.newPassword })
      ElMessage.success(t('account.success'))
      formRef.value?.resetFields()
      await router.replace({ name: 'home' })
    } catch (error) {
      showError(error)
    }
  }

  return { formRef, model, submit }
}
