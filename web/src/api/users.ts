import type { ResetPasswordBody, User, UserCreate, UserListQuery, UserUpdate } from '@eldercare/shared'
import type { Page } from './page'
import { get, patch, post } from './request'

export function listUsers(query: UserListQuery): Promise<Page<User>> {
  return get<Page<User>>('/users', query)
}

export function createUser(body: UserCreate): Promise<User> {
  return post<User>('/users', body)
}

export function updateUser(id: string, body: UserUpdate): Promise<User> {
  return patch<User>(`/users/${encodeURIComponent(id)}`, body)
}

export function disableUser(id: string): Promise<User> {
  return post<User>(`/users/${encodeURIComponent(id)}/disable`)
}

export function enableUser(id: string): Promise<User> {
  return post<User>(`/users/${encodeURIComponent(id)}/enable`)
}

export function resetUserPassword(id: string, body: ResetPasswordBody): Promise<User> {
  return post<User>(`/users/${encodeURIComponent(id)}/reset-password`, body)
}
