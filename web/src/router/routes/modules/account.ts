import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/account/password',
    name: 'change-password',
    component: () => import('../../../views/account/change-password.vue'),
    meta: { title: 'route.changePassword', hideInMenu: true },
  },
]

export default routes
