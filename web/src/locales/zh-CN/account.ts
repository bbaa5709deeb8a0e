export default {
  title: '修改密码',
  forcedNotice: '首次登录或密码被重置后，请先设置新密码再继续使用。',
  currentPassword: '当前密码',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  passwordHint: '至少 8 位，同时包含字母和数字',
  currentRequired: '请输入当前密码',
  newWeak: '新密码至少 8 位，且同时包含字母和数字',
  sameAsCurrent: '新密码不能与当前密码相同',
  confirmMismatch: '两次输入的新密码不一致',
  success: '密码已修改',
}
