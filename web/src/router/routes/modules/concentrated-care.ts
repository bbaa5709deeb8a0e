import { FirstAidKit } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import { FIGURE_READERS } from '../../../views/institutions/roles'

/** Readers of the indicators: the page is the concentrated-care indicator's drill-down. */
const routes: RouteRecordRaw[] = [
  {
    path: '/concentrated-care',
    name: 'concentrated-care',
    component: () => import('../../../views/concentrated-care/index.vue'),
    meta: { title: 'concentratedCare.route', icon: FirstAidKit, order: 1.5, roles: FIGURE_READERS },
  },
]

export default routes
