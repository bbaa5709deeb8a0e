import type { ChangePasswordBody, CurrentUser, LoginBody, Role, TokenPair } from '@eldercare/shared'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '../api/auth'
import { clearTokens, getRefreshToken, saveTokens } from '../api/session'
import { STORAGE_KEYS, writeStorage } from '../utils/storage-keys'

/**
 * The counter's device store (Dexie, IndexedDB) is fetched only when the store must touch it: an
 * operator's sign-in, or a sign-out. Dexie is about a fifth of the sign-in page's scripts otherwise.
 */
const deviceStore = () => import('../views/meals/offline/counter-db')

export const useAuthStore = defineStore('auth', () => {
  const user = ref<CurrentUser | null>(null)
  const loading = ref(false)

  const isSignedIn = computed(() => user.value !== null)

  /** True when the user has one of the roles; an empty or missing list means every signed-in user. */
  function hasRole(roles?: readonly Role[]): boolean {
    if (!user.value) return false
    return !roles || roles.length === 0 || roles.includes(user.value.role)
  }

  function applyTokens(pair: TokenPair): void {
    saveTokens(pair)
    user.value = pair.user
    remember(pair.user)
  }

  /** A counter reopened offline opens for the user last signed in on this device (the outbox sends in their name). */
  function remember(me: CurrentUser): void {
    if (me.role === 'canteen_operator') void deviceStore().then((db) => db.rememberOfflineUser({ ...me })).catch(() => undefined)
  }

  /** Forgets the session locally, without asking the server. */
  function reset(): void {
    clearTokens()
    user.value = null
  }

  async function login(body: LoginBody): Promise<CurrentUser> {
    loading.value = true
    try {
      const pair = await authApi.login(body)
      applyTokens(pair)
      writeStorage(STORAGE_KEYS.lastTenantCode, pair.user.tenantCode)
      return pair.user
    } finally {
      loading.value = false
    }
  }

  async function fetchMe(): Promise<CurrentUser> {
    loading.value = true
    try {
      const me = await authApi.fetchCurrentUser()
      user.value = me
      remember(me)
      return me
    } finally {
      loading.value = false
    }
  }

  async function changePassword(body: ChangePasswordBody): Promise<void> {
    loading.value = true
    try {
      applyTokens(await authApi.changePassword(body))
    } finally {
      loading.value = false
    }
  }

  /** Revokes the session on the server when possible; the local session ends either way. */
  async function logout(): Promise<void> {
    loading.value = true
    const refreshToken = getRefreshToken()
    try {
      if (refreshToken !== null) await authApi.logout(refreshToken)
    } catch {
      // An expired or unreachable session has nothing left to revoke worth blocking the user for.
    } finally {
      reset()
      // The offline roster holds elders' data: it leaves with the session. The outbox stays to be sent.
      await deviceStore().then((db) => db.wipeAtSignOut()).catch(() => undefined)
      loading.value = false
    }
  }

  return { user, loading, isSignedIn, hasRole, reset, login, fetchMe, changePassword, logout }
})
