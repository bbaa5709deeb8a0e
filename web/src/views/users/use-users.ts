import { isStrongPassword, ROLES, type Facility, type Region, type User, type UserListQuery } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listAllFacilities } from '../../api/facilities'
import { listRegions } from '../../api/regions'
import { disableUser, enableUser, listUsers, resetUserPassword } from '../../api/users'
import { confirmed, showError } from '../../utils/feedback'
import { emptyUserSearch } from './data'

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value)
}

export function useUsers() {
  const { t } = useI18n()
  const search = ref(emptyUserSearch())
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<User[]>([])
  const towns = ref<Region[]>([])
  const facilities = ref<Facility[]>([])
  const loading = ref(false)
  const dialog = reactive<{ visible: boolean; user: User | null }>({ visible: false, user: null })

  function query(): UserListQuery {
    return {
      page: pager.page,
      pageSize: pager.pageSize,
      q: search.value.q || undefined,
      role: oneOf(ROLES, search.value.role),
      status: oneOf(['active', 'disabled'] as const, search.value.status),
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listUsers(query())
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function loadTowns(): Promise<void> {
    try {
      towns.value = (await listRegions({ level: 'town' })).items
    } catch (error) {
      showError(error)
    }
  }

  async function loadFacilities(): Promise<void> {
    try {
      facilities.value = await listAllFacilities()
    } catch (error) {
      showError(error)
    }
  }

  function onSearch(): void {
    pager.page = 1
    void load()
  }

  function onReset(): void {
    search.value = emptyUserSearch()
    onSearch()
  }

  function openDialog(user: User | null): void {
    dialog.user = user
    dialog.visible = true
  }

  function onSaved(): void {
    ElMessage.success(dialog.user ? t('common.saved') : t('users.created'))
    void load()
  }

  async function toggleStatus(user: User): Promise<void> {
    const disabling = user.status === 'active'
    const message = t(disabling ? 'users.disableConfirm' : 'users.enableConfirm', { name: user.displayName })
    if (!(await confirmed(message, t(disabling ? 'users.disable' : 'users.enable')))) return
    try {
      await (disabling ? disableUser(user.id) : enableUser(user.id))
      ElMessage.success(t(disabling ? 'users.disabled' : 'users.enabled'))
      await load()
    } catch (error) {
      showError(error)
    }
  }

  async function resetPassword(user: User): Promise<void> {
    let newPassword: string
    try {
      const answer = await ElMessageBox.prompt(t('users.resetPrompt', { name: user.displayName }), t('users.resetPassword'), {
        inputType: 'password',
        inputValidator: (value: string) => isStrongPassword(value) || t('users.passwordWeak'),
      })
      newPassword = answer.value
    } catch {
      return
    }
    try {
      await resetUserPassword(user.id, { newPassword })
      ElMessage.success(t('users.resetDone'))
      await load()
    } catch (error) {
      showError(error)
    }
  }

  return {
    search,
    pager,
    rows,
    towns,
    facilities,
    loading,
    dialog,
    load,
    loadTowns,
    loadFacilities,
    onSearch,
    onReset,
    openDialog,
    onSaved,
    toggleStatus,
    resetPassword,
  }
}
