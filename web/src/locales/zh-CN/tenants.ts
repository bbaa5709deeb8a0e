export default {
  code: '区县代码',
  codePlaceholder: '6 位行政区划代码，如 330902',
  name: '区县名称',
  createdAt: '开通时间',
  createTitle: '开通区县',
  adminSection: '首个管理员',
  adminUsername: '管理员用户名',
  adminDisplayName: '管理员姓名',
  adminPassword: '初始密码',
  created: '区县已开通，管理员首次登录后须修改密码',
  codeFormat: '区县代码为 6 位数字',
  nameRequired: '请输入区县名称',
}
