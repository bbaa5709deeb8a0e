import { Type, type Static } from 'typebox'
import { Instant, Text, Uuid } from './common.js'
import { NewPassword, TenantCode, Username } from './auth.js'

export const Tenant = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  createdAt: Instant,
})
export type Tenant = Static<typeof Tenant>

/** A new district bureau and its first bureau admin, who must change the password on first sign-in. */
export const TenantCreate = Type.Object({
  code: TenantCode,
  name: Text({ maxLength: 64 }),
  admin: Type.Object({
    username: Username,
    displayName: Text({ maxLength: 64 }),
    password: NewPassword,
  }),
})
export type TenantCreate = Static<typeof TenantCreate>
