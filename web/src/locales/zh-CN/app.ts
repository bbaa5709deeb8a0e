export default {
  name: '养老助餐服务管理',
}
