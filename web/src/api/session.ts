import type { TokenPair } from '@eldercare/shared'
import { readStorage, STORAGE_KEYS, writeStorage } from '../utils/storage-keys'

export function getAccessToken(): string | null {
  return readStorage(STORAGE_KEYS.accessToken)
}

export function getRefreshToken(): string | null {
  return readStorage(STORAGE_KEYS.refreshToken)
}

export function hasSession(): boolean {
  return getAccessToken() !== null
}

export function saveTokens(pair: Pick<TokenPair, 'accessToken' | 'refreshToken'>): void {
  writeStorage(STORAGE_KEYS.accessToken, pair.accessToken)
  writeStorage(STORAGE_KEYS.refreshToken, pair.refreshToken)
}

export function clearTokens(): void {
  writeStorage(STORAGE_KEYS.accessToken, null)
  writeStorage(STORAGE_KEYS.refreshToken, null)
}
