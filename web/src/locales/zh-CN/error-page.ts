export default {
  forbidden: '您没有访问此页面的权限',
  notFound: '您访问的页面不存在',
}
