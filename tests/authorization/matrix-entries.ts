import { ROLES, TENANT_ROLES, type Role } from '@eldercare/shared'
import type { SeededTenant } from '../../server/test/helper.js'

/** Objects of a tenant that matrix requests may act on without breaking the signed-in accounts. */
export interface MatrixTargets {
  targetUserId: string
  regionCsv: string
}

type Target = SeededTenant & MatrixTargets

export interface MatrixEntry {
  /** Who may call the route; must equal the route's own `config.roles`. */
  roles: readonly Role[] | 'public'
  /** Path parameters naming an object of the given tenant; with the other tenant they must give 404. */
  params?: (tenant: Target) => Record<string, string>
  query?: (tenant: Target) => Record<string, string>
  body?: (tenant: Target) => string | Record<string, unknown>
  contentType?: string
  /** The route spans tenants by design (platform administration). */
  crossTenant?: boolean
}

const BUREAU_ADMIN = ['bureau_admin'] as const
let tenantSerial = 0

export const MATRIX: Record<string, MatrixEntry> = {
  'POST /api/v1/auth/login': { roles: 'public' },
  'POST /api/v1/auth/refresh': { roles: 'public' },
  'POST /api/v1/auth/logout': { roles: ROLES, body: (t) => ({ refreshToken: `${t.tenantId}.${'A'.repeat(43)}` }) },
  'GET /api/v1/auth/me': { roles: ROLES },
  // A wrong current password: the route is reachable, nothing changes.
  'POST /api/v1/auth/change-password': { roles: ROLES, body: () => ({ currentPassword: 'not-the-password-1', newPassword: 'Another#2024' }) },

  'GET /api/v1/tenants': { roles: ['platform_admin'], crossTenant: true },
  'GET /api/v1/tenants/:id': { roles: ['platform_admin'], crossTenant: true, params: (t) => ({ id: t.tenantId }) },
  'POST /api/v1/tenants': {
    roles: ['platform_admin'],
    crossTenant: true,
    body: () => ({
      code: String(330_950 + ++tenantSerial),
      name: '矩阵测试区',
      admin: { username: 'admin', displayName: '管理员', password: 'Matrix#2024' },
    }),
  },

  'GET /api/v1/users': { roles: BUREAU_ADMIN, query: () => ({ pageSize: '200' }) },
  'GET /api/v1/users/:id': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }) },
  'POST /api/v1/users': {
    roles: BUREAU_ADMIN,
    body: () => ({ username: `matrix.${++tenantSerial}`, displayName: '新用户', role: 'bureau_staff', password: 'Matrix#2024' }),
  },
  'PATCH /api/v1/users/:id': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }), body: () => ({ displayName: '改名' }) },
  'POST /api/v1/users/:id/disable': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }) },
  'POST /api/v1/users/:id/enable': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }) },
  'POST /api/v1/users/:id/reset-password': {
    roles: BUREAU_ADMIN,
    params: (t) => ({ id: t.targetUserId }),
    body: () => ({ newPassword: 'Reset#2024' }),
  },

  'GET /api/v1/regions': { roles: TENANT_ROLES },
  'PATCH /api/v1/regions/:code': { roles: BUREAU_ADMIN, params: (t) => ({ code: `${t.code}100` }), body: () => ({ island: '测试岛' }) },
  'POST /api/v1/regions/import': { roles: BUREAU_ADMIN, body: (t) => t.regionCsv, contentType: 'text/csv' },

  'GET /api/v1/audit-events': { roles: BUREAU_ADMIN, query: () => ({ pageSize: '200' }) },
}
