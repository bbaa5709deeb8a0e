import { Bowl, Memo } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

/** Who records meals; the same roles the API lets record and list them. */
const MEAL_RECORDERS = ['canteen_operator', 'bureau_admin', 'bureau_staff'] as const

const routes: RouteRecordRaw[] = [
  {
    path: '/meals/counter',
    name: 'meal-counter',
    component: () => import('../../../views/meals/counter.vue'),
    meta: { title: 'meals.route.counter', icon: Bowl, order: 2, roles: MEAL_RECORDERS },
  },
  {
    path: '/meals/records',
    name: 'meal-records',
    component: () => import('../../../views/meals/list.vue'),
    meta: { title: 'meals.route.records', icon: Memo, order: 3, roles: MEAL_RECORDERS },
  },
]

export default routes
