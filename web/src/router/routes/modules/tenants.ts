import { OfficeBuilding } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/tenants',
    name: 'tenants',
    component: () => import('../../../views/tenants/list.vue'),
    meta: { title: 'route.tenants', icon: OfficeBuilding, order: 10, roles: ['platform_admin'] },
  },
]

export default routes
