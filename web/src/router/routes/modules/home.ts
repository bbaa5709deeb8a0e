import { HomeFilled } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/home',
    name: 'home',
    component: () => import('../../../views/home/index.vue'),
    meta: { title: 'route.home', icon: HomeFilled, order: 0 },
  },
]

export default routes
