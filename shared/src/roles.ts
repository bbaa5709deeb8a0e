/** Every role of the product; see handbook architecture.md "Access". */
export const ROLES = [
  'platform_admin',
  'bureau_admin',
  'bureau_staff',
  'town_staff',
  'canteen_operator',
  'institution_reporter',
] as const

export type Role = (typeof ROLES)[number]

/** Roles a bureau admin may give to users of the bureau's own tenant. */
export const TENANT_ROLES = ROLES.filter((role) => role !== 'platform_admin') as Exclude<Role, 'platform_admin'>[]

/** Bureau-wide roles: they see the whole tenant, not a scope. */
export const BUREAU_ROLES: readonly Role[] = ['bureau_admin', 'bureau_staff']
