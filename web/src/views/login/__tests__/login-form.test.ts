import type { TokenPair } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import { STORAGE_KEYS } from '../../../utils/storage-keys'
import LoginForm from '../login-form.vue'

const signedIn: TokenPair = {
  accessToken: 'access-1',
  refreshToken: 'refresh-token-number-1',
  expiresIn: 900,
  user: {
    id: '0190a0b0-0000-7000-8000-000000000001',
    tenantId: '0190a0b0-0000-7000-8000-000000000002',
    tenantCode: '330902',
    tenantName: '定海区',
    username: 'bureau_admin',
    displayName: '区民政局管理员',
    role: 'bureau_admin',
    townCodes: [],
    facilityIds: [],
    mustChangePassword: false,
  },
}

const fetchMock = vi.fn<typeof fetch>()

function answer(status: number, body: unknown): void {
  fetchMock.mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

function mountForm() {
  return mount(LoginForm, { global: { plugins: [createPinia(), i18n] }, attachTo: document.body })
}

async function fill(wrapper: ReturnType<typeof mountForm>, values: { tenantCode?: string; username?: string; password?: string }) {
  for (const [name, value] of Object.entries(values)) await wrapper.find(`input[name="${name}"]`).setValue(value)
}

async function submit(wrapper: ReturnType<typeof mountForm>) {
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

beforeEach(() => {
  localStorage.clear()
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setLocale('zh-CN')
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('login form', () => {
  it('shows the Chinese labels and the sign-in button', async () => {
    const wrapper = mountForm()
    await flushPromises()

    const labels = wrapper.findAll('label').map((label) => label.text())
    expect(labels).toEqual(['区县代码', '用户名', '密码'])
    expect(wrapper.find('button[type="submit"]').text()).toBe('登录')
  })

  it('prefills the tenant code of the last successful sign-in', () => {
    localStorage.setItem(STORAGE_KEYS.lastTenantCode, '330902')

    const wrapper = mountForm()

    expect(wrapper.find<HTMLInputElement>('input[name="tenantCode"]').element.value).toBe('330902')
  })

  it('asks for username and password and sends nothing while they are empty', async () => {
    const wrapper = mountForm()

    await submit(wrapper)

    await vi.waitFor(() => expect(wrapper.text()).toContain('请输入用户名'))
    expect(wrapper.text()).toContain('请输入密码')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('refuses a tenant code that is not 6 digits', async () => {
    const wrapper = mountForm()
    await fill(wrapper, { tenantCode: '3309', username: 'bureau_admin', password: 'Demo#2024' })

    await submit(wrapper)

    await vi.waitFor(() => expect(wrapper.text()).toContain('区县代码为 6 位数字'))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('signs in with the entered tenant code, username and password', async () => {
    answer(200, signedIn)
    const wrapper = mountForm()
    await fill(wrapper, { tenantCode: '330902', username: ' bureau_admin ', password: 'Demo#2024' })

    await submit(wrapper)

    await vi.waitFor(() => expect(wrapper.emitted('success')).toHaveLength(1))
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/v1/auth/login')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(String(init?.body))).toEqual({ tenantCode: '330902', username: 'bureau_admin', password: 'Demo#2024' })
    expect(localStorage.getItem(STORAGE_KEYS.accessToken)).toBe('access-1')
    expect(localStorage.getItem(STORAGE_KEYS.lastTenantCode)).toBe('330902')
  })

  it('leaves the tenant code out when it is blank, so the server uses its default district', async () => {
    answer(200, signedIn)
    const wrapper = mountForm()
    await fill(wrapper, { username: 'bureau_admin', password: 'Demo#2024' })

    await submit(wrapper)

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1))
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({ username: 'bureau_admin', password: 'Demo#2024' })
  })

  it('says 账号或密码错误 for AUTH_INVALID and clears the password', async () => {
    answer(401, { statusCode: 401, code: 'AUTH_INVALID', message: 'wrong tenant, username or password' })
    const wrapper = mountForm()
    await fill(wrapper, { username: 'bureau_admin', password: 'wrong-password1' })

    await submit(wrapper)

    await vi.waitFor(() => expect(wrapper.find('[data-test="login-error"]').text()).toContain('账号或密码错误'))
    expect(wrapper.emitted('success')).toBeUndefined()
    expect(wrapper.find<HTMLInputElement>('input[name="password"]').element.value).toBe('')
  })

  it('explains AUTH_LOCKED in Chinese and keeps the server detail on how long the lock lasts', async () => {
    answer(423, { statusCode: 423, code: 'AUTH_LOCKED', message: 'too many failed attempts: locked for 15 minutes' })
    const wrapper = mountForm()
    await fill(wrapper, { username: 'bureau_admin', password: 'wrong-password1' })

    await submit(wrapper)

    await vi.waitFor(() => expect(wrapper.find('[data-test="login-error"]').exists()).toBe(true))
    const alert = wrapper.find('[data-test="login-error"]').text()
    expect(alert).toContain('登录失败次数过多，账号已被临时锁定')
    expect(alert).toContain('too many failed attempts: locked for 15 minutes')
    expect(wrapper.emitted('success')).toBeUndefined()
  })
})
