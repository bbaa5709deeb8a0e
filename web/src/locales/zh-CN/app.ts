export default {
  name: '养老助餐服务管理',
  update: { ready: '新版本已下载，登记告一段落后点击“更新”即可使用', apply: '更新' },
}
