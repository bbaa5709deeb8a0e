import { Van } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import { useKitchenOrderAccess } from '../../../views/kitchen-orders/use-kitchen-order-access'

const routes: RouteRecordRaw[] = [
  {
    path: '/kitchen-orders',
    name: 'kitchen-orders',
    component: () => import('../../../views/kitchen-orders/list.vue'),
    meta: {
      title: 'kitchenOrders.route',
      icon: Van,
      order: 5,
      roles: ['canteen_operator', 'bureau_admin', 'bureau_staff'],
      applies: () => useKitchenOrderAccess().applies,
    },
  },
]

export default routes
