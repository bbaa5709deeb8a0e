export default {
  title: '账号登录',
  tenantCode: '区县代码',
  tenantCodePlaceholder: '6 位区县代码，如 330902（可不填）',
  username: '用户名',
  usernamePlaceholder: '请输入用户名',
  password: '密码',
  passwordPlaceholder: '请输入密码',
  submit: '登录',
  tenantCodeFormat: '区县代码为 6 位数字',
  usernameRequired: '请输入用户名',
  passwordRequired: '请输入密码',
}
