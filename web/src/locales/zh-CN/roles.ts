import type { Role } from '@eldercare/shared'

const roles: Record<Role, string> = {
  platform_admin: '平台运营',
  bureau_admin: '区民政局管理员',
  bureau_staff: '区民政局工作人员',
  town_staff: '镇街工作人员',
  canteen_operator: '助餐点经办人',
  institution_reporter: '养老机构填报员',
}

export default roles
