export default {
  login: '登录',
  home: '首页',
  users: '用户管理',
  regions: '行政区划',
  audit: '操作日志',
  tenants: '区县开通',
  changePassword: '修改密码',
  forbidden: '无权访问',
  notFound: '页面不存在',
}
