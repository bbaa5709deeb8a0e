import { CreditCard, Present } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

/** The API's card readers: operators look cards up and take service payments; the bureau and towns keep them. */
const CARD_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator'] as const

const routes: RouteRecordRaw[] = [
  {
    path: '/care-cards',
    name: 'care-cards',
    component: () => import('../../../views/care-cards/list.vue'),
    meta: { title: 'careCards.route', icon: CreditCard, order: 6, roles: CARD_READERS },
  },
  {
    path: '/care-cards/:id',
    name: 'care-card-detail',
    component: () => import('../../../views/care-cards/detail.vue'),
    meta: { title: 'careCards.detailTitle', hideInMenu: true, roles: CARD_READERS },
  },
  {
    path: '/allowances',
    name: 'allowances',
    component: () => import('../../../views/allowances/index.vue'),
    meta: { title: 'allowances.route', icon: Present, order: 36, roles: ['bureau_admin', 'bureau_staff'] },
  },
]

export default routes
