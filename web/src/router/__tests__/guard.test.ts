import type { CurrentUser } from '@eldercare/shared'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw, type Router } from 'vue-router'
import { saveTokens } from '../../api/session'
import { useAuthStore } from '../../stores/auth'
import { installGuard } from '../guard'
import { routes } from '../routes'

function user(overrides: Partial<CurrentUser>): CurrentUser {
  return {
    id: '0190a0b0-0000-7000-8000-000000000001',
    tenantId: '0190a0b0-0000-7000-8000-000000000002',
    tenantCode: '330902',
    tenantName: '定海区',
    username: 'someone',
    displayName: '某人',
    role: 'bureau_admin',
    townCodes: [],
    facilityIds: [],
    mustChangePassword: false,
    ...overrides,
  }
}

/** The guard only reads paths, names and meta; real pages would just slow the tests down. */
const Page = defineComponent({ render: () => null })

function withStubPages(records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map(({ path, name, meta, redirect, children }) => ({
    path,
    name,
    meta,
    redirect,
    component: Page,
    children: withStubPages(children ?? []),
  }))
}

const fetchMock = vi.fn<typeof fetch>()
let router: Router

/** Signs in as far as the guard can tell: tokens stored and `/auth/me` answering with this user. */
function signedInAs(me: CurrentUser): void {
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
  fetchMock.mockImplementation(async () => new Response(JSON.stringify(me), { status: 200 }))
}

async function open(path: string): Promise<string | undefined> {
  await router.push(path)
  return router.currentRoute.value.name?.toString()
}

beforeEach(() => {
  localStorage.clear()
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setActivePinia(createPinia())
  router = createRouter({ history: createMemoryHistory(), routes: withStubPages(routes) })
  installGuard(router)
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('route guard', () => {
  it('sends a visitor who is not signed in to the sign-in page and remembers where they were going', async () => {
    expect(await open('/users?page=2')).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/users?page=2')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('loads the signed-in user once and opens pages their role may see', async () => {
    signedInAs(user({ role: 'bureau_admin' }))

    expect(await open('/users')).toBe('users')
    expect(await open('/audit')).toBe('audit')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(useAuthStore().user?.role).toBe('bureau_admin')
  })

  it('shows the 403 page for a page outside the role', async () => {
    signedInAs(user({ role: 'town_staff', townCodes: ['330902002'] }))

    expect(await open('/regions')).toBe('regions')
    expect(await open('/users')).toBe('forbidden')
    expect(await open('/tenants')).toBe('forbidden')
  })

  it('allows nothing but the password change while a temporary password is in use', async () => {
    signedInAs(user({ role: 'bureau_admin', mustChangePassword: true }))

    expect(await open('/users')).toBe('change-password')
    expect(await open('/home')).toBe('change-password')
  })

  it('lands an operator on the meal counter and everyone else on the home page', async () => {
    signedInAs(user({ role: 'canteen_operator', facilityIds: ['0190a0b0-0000-7000-8000-0000000000f1'] }))
    expect(await open('/')).toBe('meal-counter')
    // The home page stays reachable for the operator.
    expect(await open('/home')).toBe('home')

    setActivePinia(createPinia())
    signedInAs(user({ role: 'bureau_staff' }))
    expect(await open('/')).toBe('home')
  })

  it('sends a signed-in user away from the sign-in page', async () => {
    signedInAs(user({ role: 'bureau_staff' }))
    await open('/home')

    expect(await open('/login')).toBe('home')

  })
})
