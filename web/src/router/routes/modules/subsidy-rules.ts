import { Coin } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/subsidy-rules',
    name: 'subsidy-rules',
    component: () => import('../../../views/subsidy-rules/list.vue'),
    meta: { title: 'subsidyRules.route', icon: Coin, order: 35, roles: ['bureau_admin', 'bureau_staff'] },
  },
]

export default routes
