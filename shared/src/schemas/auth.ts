import { Type, type Static } from 'typebox'
import { ROLES } from '../roles.js'
import { PlainText, Uuid } from './common.js'

export const TenantCode = Type.String({ pattern: '^\\d{6}$', description: '6-digit area code, e.g. 330902' })
export const Username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' })
/** Passwords: 8–128 characters with a letter and a digit; checked again on the server. */
export const NewPassword = Type.String({ minLength: 8, maxLength: 128 })
export const RoleSchema = Type.Enum(ROLES)

export const LoginBody = Type.Object({
  tenantCode: Type.Optional(TenantCode),
  username: PlainText({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
})
export type LoginBody = Static<typeof LoginBody>

export const CurrentUser = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  tenantCode: Type.String(),
  tenantName: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  /** Town codes a `town_staff` user may see. */
  townCodes: Type.Array(Type.String()),
  /** Facilities a `canteen_operator` or `institution_reporter` may see. */
  facilityIds: Type.Array(Uuid),
  mustChangePassword: Type.Boolean(),
})
export type CurrentUser = Static<typeof CurrentUser>

export const TokenPair = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  user: CurrentUser,
})
export type TokenPair = Static<typeof TokenPair>

export const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 20, maxLength: 200 }) })
export type RefreshBody = Static<typeof RefreshBody>

export const ChangePasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
  newPassword: NewPassword,
})
export type ChangePasswordBody = Static<typeof ChangePasswordBody>
