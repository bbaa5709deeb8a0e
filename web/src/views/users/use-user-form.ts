import { TENANT_ROLES, type Facility, type User, type UserCreate, type UserUpdate } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { computed, reactive, ref } from 'vue'
import { createUser, updateUser } from '../../api/users'
import { showError } from '../../utils/feedback'

export type TenantRole = (typeof TENANT_ROLES)[number]

export interface UserFormModel {
  username: string
  displayName: string
  role: TenantRole | ''
  /** Blank while editing keeps the stored number: the list only ever sees it masked. */
  phone: string
  townCodes: string[]
  /** Canteens for an operator, institutions for a reporter. */
  facilityIds: string[]
  password: string
}

function isTenantRole(role: string): role is TenantRole {
  return TENANT_ROLES.some((value) => value === role)
}

/** Roles whose data is limited to some facilities rather than to towns or the whole district. */
export function hasFacilityScope(role: TenantRole | ''): boolean {
  return role === 'canteen_operator' || role === 'institution_reporter'
}

/** The facilities a role may be scoped to: any for an operator, only institutions for a reporter. */
export function facilitiesFor(role: TenantRole | '', facilities: Facility[]): Facility[] {
  if (role === 'institution_reporter') return facilities.filter((facility) => facility.type === 'institution')
  return role === 'canteen_operator' ? facilities : []
}

function emptyUserForm(): UserFormModel {
  return { username: '', displayName: '', role: '', phone: '', townCodes: [], facilityIds: [], password: '' }
}

function userFormFrom(user: User): UserFormModel {
  return {
    ...emptyUserForm(),
    username: user.username,
    displayName: user.displayName,
    role: isTenantRole(user.role) ? user.role : '',
    townCodes: [...user.townCodes],
    facilityIds: [...user.facilityIds],
  }
}

export function toCreateBody(model: UserFormModel, role: TenantRole): UserCreate {
  return {
    username: model.username.trim(),
    displayName: model.displayName.trim(),
    role,
    password: model.password,
    ...(model.phone ? { phone: model.phone } : {}),
    ...(role === 'town_staff' ? { townCodes: model.townCodes } : {}),
    ...(hasFacilityScope(role) ? { facilityIds: model.facilityIds } : {}),
  }
}

export function toUpdateBody(model: UserFormModel, role: TenantRole, original: User): UserUpdate {
  return {
    displayName: model.displayName.trim(),
    ...(role !== original.role ? { role } : {}),
    ...(model.phone ? { phone: model.phone } : {}),
    // Other roles have no town or facility scope; the server clears it when the role changes.
    ...(role === 'town_staff' ? { townCodes: model.townCodes } : {}),
    ...(hasFacilityScope(role) ? { facilityIds: model.facilityIds } : {}),
  }
}

export function useUserForm(editing: () => User | null, onSaved: (user: User) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<UserFormModel>(emptyUserForm())
  const saving = ref(false)
  const creating = computed(() => editing() === null)

  function fill(): void {
    const user = editing()
    Object.assign(model, user ? userFormFrom(user) : emptyUserForm())
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    const role = model.role
    if (!valid || role === '') return
    saving.value = true
    try {
      const original = editing()
      const saved = original ? await updateUser(original.id, toUpdateBody(model, role, original)) : await createUser(toCreateBody(model, role))
      onSaved(saved)
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, creating, fill, submit }
}
