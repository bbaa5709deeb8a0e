import type { ChangePasswordBody, CurrentUser, LoginBody, TokenPair } from '@eldercare/shared'
import { get, post } from './request'

export function login(body: LoginBody): Promise<TokenPair> {
  return post<TokenPair>('/auth/login', body, { auth: false })
}

export function logout(refreshToken: string): Promise<{ ok: true }> {
  return post<{ ok: true }>('/auth/logout', { refreshToken })
}

export function fetchCurrentUser(): Promise<CurrentUser> {
  return get<CurrentUser>('/auth/me')
}

/** Answers with a new pair: the server ends every other session of the user. */
export function changePassword(body: ChangePasswordBody): Promise<TokenPair> {
  return post<TokenPair>('/auth/change-password', body)
}
