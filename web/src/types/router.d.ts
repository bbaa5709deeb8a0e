import type { Role } from '@eldercare/shared'
import type { Component } from 'vue'

export {}

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, shown in the menu and the browser tab. */
    title?: string
    /** Menu icon from @element-plus/icons-vue. */
    icon?: Component
    /** Roles that may open the page; absent means every signed-in user. */
    roles?: readonly Role[]
    /** Position in the side menu, ascending. */
    order?: number
    hideInMenu?: boolean
    /** Offered in the menu and on the home page only while this says the page concerns the user (read reactively). */
    applies?: () => boolean
    /** Reachable without signing in. */
    public?: boolean
  }
}
