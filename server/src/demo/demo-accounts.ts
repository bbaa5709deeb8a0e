import type { Role } from '@eldercare/shared'
import { PLATFORM_TENANT } from '../platform/bootstrap-platform-admin.js'

export const DEMO_TENANT = { code: '330902', name: '定海区' }
export const DEMO_PASSWORD = 'Demo#2024'
/** 昌国街道: the town the demo town staff looks after. */
export const DEMO_TOWN_CODE = '330902002'

/**
 * One account per role, each named after its role. The platform operator is not the district's: it
 * lives in the platform tenant, as `pnpm create-platform-admin` makes it in production.
 */
export const DEMO_ACCOUNTS: { username: Role; displayName: string; tenantCode: string }[] = [
  { username: 'platform_admin', displayName: '平台运营（演示）', tenantCode: PLATFORM_TENANT.code },
  { username: 'bureau_admin', displayName: '区民政局管理员（演示）', tenantCode: DEMO_TENANT.code },
  { username: 'bureau_staff', displayName: '区民政局工作人员（演示）', tenantCode: DEMO_TENANT.code },
  { username: 'town_staff', displayName: '昌国街道工作人员（演示）', tenantCode: DEMO_TENANT.code },
  { username: 'canteen_operator', displayName: '幸福食堂经办人（演示）', tenantCode: DEMO_TENANT.code },
  { username: 'institution_reporter', displayName: '养老机构填报员（演示）', tenantCode: DEMO_TENANT.code },
]
