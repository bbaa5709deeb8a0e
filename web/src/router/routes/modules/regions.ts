import { MapLocation } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/regions',
    name: 'regions',
    component: () => import('../../../views/regions/list.vue'),
    meta: { title: 'route.regions', icon: MapLocation, order: 20, roles: ['bureau_admin', 'bureau_staff', 'town_staff'] },
  },
]

export default routes
