/**
 * Every key the web app keeps in localStorage. Tokens live here (not in cookies) because the API
 * authenticates with bearer tokens; signing out removes the token keys and keeps the preferences.
 */
export const STORAGE_KEYS = {
  /** Short-lived JWT sent as `Authorization: Bearer …`. */
  accessToken: 'eldercare.accessToken',
  /** Opaque token traded at `POST /auth/refresh` for a new pair; single use. */
  refreshToken: 'eldercare.refreshToken',
  /** UI language chosen in the header: `zh-CN` or `en`. */
  locale: 'eldercare.locale',
  /** Tenant code of the last successful sign-in, prefilled on the sign-in page. */
  lastTenantCode: 'eldercare.lastTenantCode',
} as const

type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS]

// Storage can be unavailable (private mode, quota); the app then simply forgets between visits.
export function readStorage(key: StorageKey): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export function writeStorage(key: StorageKey, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // See readStorage.
  }
}
