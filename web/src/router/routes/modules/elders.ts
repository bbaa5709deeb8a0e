import { Avatar } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/elders',
    name: 'elders',
    component: () => import('../../../views/elders/list.vue'),
    meta: { title: 'elders.title', icon: Avatar, order: 14, roles: ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator'] },
  },
]

export default routes
