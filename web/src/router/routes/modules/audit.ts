import { Tickets } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'audit',
    component: () => import('../../../views/audit/list.vue'),
    meta: { title: 'route.audit', icon: Tickets, order: 40, roles: ['bureau_admin'] },
  },
]

export default routes
