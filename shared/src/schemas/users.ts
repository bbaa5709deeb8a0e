import { Type, type Static } from 'typebox'
import { TENANT_ROLES } from '../roles.js'
import { Instant, PageQuery, QueryText, Text, Uuid } from './common.js'
import { NewPassword, RoleSchema, Username } from './auth.js'

export const TenantRoleSchema = Type.Enum(TENANT_ROLES)
export const Phone = Type.String({ pattern: '^1\\d{10}$|^0\\d{2,3}-?\\d{7,8}$', description: 'mobile or landline' })
export const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')])

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  townCodes: Type.Array(Type.String()),
  facilityIds: Type.Array(Uuid),
  /** Phone is personal information: only ever returned masked. */
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  status: UserStatus,
  mustChangePassword: Type.Boolean(),
  lockedUntil: Type.Union([Instant, Type.Null()]),
  lastLoginAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
})
export type User = Static<typeof User>

export const UserCreate = Type.Object({
  username: Username,
  displayName: Text({ maxLength: 64 }),
  role: TenantRoleSchema,
  phone: Type.Optional(Phone),
  townCodes: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{9}$' }), { maxItems: 50, uniqueItems: true })),
  facilityIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
  /** Initial password; the user must change it on first sign-in. */
  password: NewPassword,
})
export type UserCreate = Static<typeof UserCreate>

export const UserUpdate = Type.Object(
  {
    displayName: Type.Optional(Text({ maxLength: 64 })),
    role: Type.Optional(TenantRoleSchema),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    townCodes: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{9}$' }), { maxItems: 50, uniqueItems: true })),
    facilityIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
  },
  { minProperties: 1 },
)
export type UserUpdate = Static<typeof UserUpdate>

export const ResetPasswordBody = Type.Object({ newPassword: NewPassword })
export type ResetPasswordBody = Static<typeof ResetPasswordBody>

export const UserListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(QueryText({ maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  status: Type.Optional(UserStatus),
})
export type UserListQuery = Static<typeof UserListQuery>
