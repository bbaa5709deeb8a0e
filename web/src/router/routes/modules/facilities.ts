import { House } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

/** Same roles as the API's facility readers; only the bureau may create and edit. */
const roles = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator', 'institution_reporter'] as const

const routes: RouteRecordRaw[] = [
  {
    path: '/facilities',
    name: 'facilities',
    component: () => import('../../../views/facilities/list.vue'),
    meta: { title: 'facilities.title', icon: House, order: 16, roles },
  },
  {
    path: '/facilities/:id',
    name: 'facility-detail',
    component: () => import('../../../views/facilities/detail.vue'),
    meta: { title: 'facilities.detailTitle', hideInMenu: true, roles },
  },
]

export default routes
