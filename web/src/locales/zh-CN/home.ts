export default {
  welcome: '欢迎，{name}',
  intro: '这里将陆续提供助餐、设施、助老卡和指标等工作台。',
  tenant: '所属区县',
  role: '角色',
  scope: '数据范围',
  scopePlatform: '全平台',
  scopeDistrict: '全区',
  scopeFacilities: '{count} 个助餐点或机构',
  scopeNone: '尚未分配',
}
