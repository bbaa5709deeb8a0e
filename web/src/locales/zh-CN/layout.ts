export default {
  language: '语言',
  changePassword: '修改密码',
  logout: '退出登录',
  logoutConfirm: '确定退出登录吗？',
  toggleMenu: '展开或收起菜单',
}
