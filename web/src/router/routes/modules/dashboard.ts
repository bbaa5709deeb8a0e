import { Aim, DataAnalysis, Histogram } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import { FIGURE_READERS } from '../../../views/institutions/roles'

/** The API's readers of indicators, population figures and targets; the pages themselves decide who may change them. */
const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('../../../views/dashboard/index.vue'),
    meta: { title: 'dashboard.route', icon: DataAnalysis, order: 1, roles: FIGURE_READERS },
  },
  {
    path: '/population-stats',
    name: 'population-stats',
    component: () => import('../../../views/population/index.vue'),
    meta: { title: 'population.route', icon: Histogram, order: 21, roles: FIGURE_READERS },
  },
  {
    path: '/targets',
    name: 'targets',
    component: () => import('../../../views/targets/index.vue'),
    meta: { title: 'targets.route', icon: Aim, order: 37, roles: FIGURE_READERS },
  },
]

export default routes
