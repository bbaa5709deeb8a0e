import { maskPhone, type User } from '@eldercare/shared'
import type { Pii } from '../privacy/pii.js'
import type { UserWithScopes } from './users.repository.js'

export function mapUser(row: UserWithScopes, pii: Pii): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    townCodes: row.townCodes,
    facilityIds: row.facilityIds,
    phoneMasked: row.phoneEncrypted ? maskPhone(pii.decrypt(row.phoneEncrypted)) : null,
    status: row.status,
    mustChangePassword: row.mustChangePassword,
    lockedUntil: row.lockedUntil && row.lockedUntil.getTime() > Date.now() ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** What the audit log compares between two versions of a user: no hashes, phone in clear (masked on write). */
export function auditedUserFields(row: UserWithScopes, phone: string | null) {
  return {
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    status: row.status,
    townCodes: row.townCodes,
    facilityIds: row.facilityIds,
    phone,
  }
}
