import { Warning } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/subsidy-checks',
    name: 'subsidy-checks',
    component: () => import('../../../views/subsidy-checks/list.vue'),
    meta: { title: 'subsidyChecks.route', icon: Warning, order: 4.5, roles: ['bureau_admin', 'bureau_staff', 'town_staff'] },
  },
]

export default routes
