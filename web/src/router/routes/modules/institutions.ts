import { Document, OfficeBuilding, Star } from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import { BED_REPORT_FILERS, INSTITUTION_READERS } from '../../../views/institutions/roles'

const routes: RouteRecordRaw[] = [
  {
    path: '/institutions',
    name: 'institutions',
    component: () => import('../../../views/institutions/list.vue'),
    meta: { title: 'institutions.route', icon: OfficeBuilding, order: 17, roles: INSTITUTION_READERS },
  },
  {
    path: '/institutions/:id',
    name: 'institution-detail',
    component: () => import('../../../views/institutions/detail.vue'),
    meta: { title: 'institutions.detailTitle', hideInMenu: true, roles: INSTITUTION_READERS },
  },
  {
    path: '/bed-reports',
    name: 'bed-reports',
    component: () => import('../../../views/institutions/bed-reports.vue'),
    meta: { title: 'bedReports.route', icon: Document, order: 7, roles: INSTITUTION_READERS },
  },
  {
    path: '/bed-reports/file',
    name: 'bed-report-form',
    component: () => import('../../../views/institutions/bed-report-form.vue'),
    meta: { title: 'bedReports.formTitle', hideInMenu: true, roles: BED_REPORT_FILERS },
  },
  {
    path: '/star-ratings',
    name: 'star-ratings',
    component: () => import('../../../views/institutions/star-ratings.vue'),
    meta: { title: 'starRatings.route', icon: Star, order: 18, roles: INSTITUTION_READERS },
  },
]

export default routes
