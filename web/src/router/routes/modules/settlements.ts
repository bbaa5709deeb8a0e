import { Money } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/settlements',
    name: 'settlements',
    component: () => import('../../../views/settlements/list.vue'),
    meta: { title: 'settlements.route', icon: Money, order: 4, roles: ['canteen_operator', 'bureau_admin', 'bureau_staff', 'town_staff'] },
  },
]

export default routes
