import type { RouteRecordRaw } from 'vue-router'

const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./modules/*.ts', { eager: true })

/** Pages inside the admin layout, one module per domain; the side menu is built from them. */
export const layoutRoutes: RouteRecordRaw[] = Object.values(modules)
  .flatMap((module) => module.default)
  .sort((a, b) => (a.meta?.order ?? 0) - (b.meta?.order ?? 0))

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../../views/login/index.vue'),
    meta: { title: 'route.login', public: true },
  },
  {
    path: '/',
    // No redirect here: the guard sends `/` to the signed-in role's start page (landing.ts).
    component: () => import('../../layouts/admin-layout.vue'),
    children: [
      ...layoutRoutes,
      {
        path: '/403',
        name: 'forbidden',
        component: () => import('../../views/errors/forbidden.vue'),
        meta: { title: 'route.forbidden', hideInMenu: true },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../../views/errors/not-found.vue'),
    meta: { title: 'route.notFound', public: true },
  },
]
