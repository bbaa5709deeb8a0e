import { User } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/users',
    name: 'users',
    component: () => import('../../../views/users/list.vue'),
    meta: { title: 'route.users', icon: User, order: 30, roles: ['bureau_admin'] },
  },
]

export default routes
