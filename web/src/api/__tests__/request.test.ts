import type { CurrentUser, TokenPair } from '@eldercare/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../locales'
import { STORAGE_KEYS } from '../../utils/storage-keys'
import { ApiError } from '../api-error'
import { configureSession, download, filenameFromDisposition, get, post, postBinary } from '../request'
import { getAccessToken, getRefreshToken, saveTokens } from '../session'

const user: CurrentUser = {
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
}

function pair(n: number): TokenPair {
  return { accessToken: `access-${n}`, refreshToken: `refresh-token-number-${n}`, expiresIn: 900, user }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const expired = () => json(401, { statusCode: 401, code: 'AUTH_TOKEN_EXPIRED', message: 'access token expired' })

interface Call {
  url: string
  method: string
  authorization: string | undefined
  body: string | undefined
}

const calls: Call[] = []
const fetchMock = vi.fn<typeof fetch>()
const onExpired = vi.fn()
const onRefreshed = vi.fn()

function record(input: RequestInfo | URL, init?: RequestInit): Call {
  const headers = (init?.headers ?? {}) as Record<string, string>
  const call: Call = {
    url: String(input),
    method: init?.method ?? 'GET',
    authorization: headers.Authorization,
    body: typeof init?.body === 'string' ? init.body : undefined,
  }
  calls.push(call)
  return call
}

/** A server whose access tokens `access-1` expired and whose refresh endpoint hands out `access-2`. */
function serverWithExpiredToken(refreshAnswer: () => Promise<Response> | Response = () => json(200, pair(2))) {
  fetchMock.mockImplementation(async (input, init) => {
    const call = record(input, init)
    if (call.url === '/api/v1/auth/refresh') return refreshAnswer()
    if (call.authorization === 'Bearer access-1') return expired()
    return json(200, { path: call.url })
  })
}

const refreshCalls = () => calls.filter((call) => call.url === '/api/v1/auth/refresh')

beforeEach(() => {
  localStorage.clear()
  calls.length = 0
  fetchMock.mockReset()
  onExpired.mockReset()
  onRefreshed.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  configureSession({ onExpired, onRefreshed })
  setLocale('zh-CN')
  saveTokens(pair(1))
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('request client', () => {
  it('sends the access token as a bearer header to the versioned API', async () => {
    fetchMock.mockImplementation(async (input, init) => {
      record(input, init)
      return json(200, user)
    })

    await expect(get('/auth/me')).resolves.toEqual(user)

    expect(calls).toEqual([{ url: '/api/v1/auth/me', method: 'GET', authorization: 'Bearer access-1', body: undefined }])
  })

  it('leaves empty filters out of the query string', async () => {
    fetchMock.mockImplementation(async (input, init) => {
      record(input, init)
      return json(200, { items: [], total: 0 })
    })

    await get('/users', { page: 1, q: '', role: undefined, status: 'active' })

    expect(calls[0]?.url).toBe('/api/v1/users?page=1&status=active')
  })

  it('refreshes an expired access token once and retries the request with the new one', async () => {
    serverWithExpiredToken()

    await expect(get('/users')).resolves.toEqual({ path: '/api/v1/users' })

    expect(refreshCalls()).toHaveLength(1)
    expect(JSON.parse(refreshCalls()[0]?.body ?? '{}')).toEqual({ refreshToken: 'refresh-token-number-1' })
    expect(calls.at(-1)).toMatchObject({ url: '/api/v1/users', authorization: 'Bearer access-2' })
    expect(getAccessToken()).toBe('access-2')
    expect(getRefreshToken()).toBe('refresh-token-number-2')
    expect(onRefreshed).toHaveBeenCalledWith(pair(2))
    expect(onExpired).not.toHaveBeenCalled()
  })

  it('shares one refresh between parallel requests that meet an expired token', async () => {
    let answerRefresh: (response: Response) => void = () => undefined
    serverWithExpiredToken(() => new Promise<Response>((resolve) => (answerRefresh = resolve)))

    const both = Promise.all([get('/users'), get('/regions')])
    await vi.waitFor(() => expect(calls.filter((call) => call.authorization === 'Bearer access-1')).toHaveLength(2))
    await vi.waitFor(() => expect(refreshCalls()).toHaveLength(1))
    answerRefresh(json(200, pair(2)))

    await expect(both).resolves.toEqual([{ path: '/api/v1/users' }, { path: '/api/v1/regions' }])
    expect(refreshCalls()).toHaveLength(1)
    expect(calls.filter((call) => call.authorization === 'Bearer access-2')).toHaveLength(2)
  })

  it('ends the session when the refresh is refused', async () => {
    serverWithExpiredToken(() =>
      json(401, { statusCode: 401, code: 'AUTH_REFRESH_INVALID', message: 'refresh token is invalid, used or expired' }),
    )

    const error = await get('/users').catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, code: 'AUTH_TOKEN_EXPIRED' })
    expect(localStorage.getItem(STORAGE_KEYS.accessToken)).toBeNull()
    expect(localStorage.getItem(STORAGE_KEYS.refreshToken)).toBeNull()
    expect(onExpired).toHaveBeenCalledTimes(1)
    expect(calls.filter((call) => call.url === '/api/v1/users')).toHaveLength(1)
  })

  it('treats a 401 of the sign-in itself as an answer, not as an expired session', async () => {
    fetchMock.mockImplementation(async (input, init) => {
      record(input, init)
      return json(401, { statusCode: 401, code: 'AUTH_INVALID', message: 'wrong tenant, username or password' })
    })

    await expect(post('/auth/login', { username: 'a', password: 'b' }, { auth: false })).rejects.toMatchObject({
      code: 'AUTH_INVALID',
      message: '账号或密码错误',
    })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.authorization).toBeUndefined()
    expect(getAccessToken()).toBe('access-1')
    expect(onExpired).not.toHaveBeenCalled()
  })

  it('turns an error body into an ApiError with the zh-CN message for its code', async () => {
    fetchMock.mockResolvedValue(
      json(400, {
        statusCode: 400,
        code: 'REGION_IMPORT_INVALID',
        message: 'the region list has errors; nothing was imported',
        details: [{ line: 3, path: 'kind', message: 'a town is of kind subdistrict or town' }],
      }),
    )

    const error = await post('/regions/import', {}).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 400,
      code: 'REGION_IMPORT_INVALID',
      message: '区划文件有错误，未导入任何数据',
      serverMessage: 'the region list has errors; nothing was imported',
      details: [{ line: 3, path: 'kind', message: 'a town is of kind subdistrict or town' }],
    })
  })

  it('falls back to the server message for a code this client does not know', async () => {
    fetchMock.mockResolvedValue(json(409, { statusCode: 409, code: 'SOMETHING_NEW', message: 'something new happened' }))

    await expect(get('/users')).rejects.toMatchObject({ status: 409, message: 'something new happened' })
  })

  it('sends a file as the body with its own content type and the query', async () => {
    fetchMock.mockResolvedValue(json(200, { ok: true }))
    const file = new Blob(['PK\u0003\u0004'], { type: 'application/octet-stream' })

    await postBinary('/elders/import', file, 'application/vnd.ms-excel', { dryRun: false })

    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/v1/elders/import?dryRun=false')
    expect(init?.method).toBe('POST')
    expect(init?.body).toBe(file)
    expect(init?.headers).toMatchObject({ 'Content-Type': 'application/vnd.ms-excel', Authorization: 'Bearer access-1' })
  })

  it('downloads a file with the bearer token, refreshing first when the token expired', async () => {
    fetchMock.mockImplementation(async (input, init) => {
      const call = record(input, init)
      if (call.url === '/api/v1/auth/refresh') return json(200, pair(2))
      if (call.authorization === 'Bearer access-1') return expired()
      return new Response('xlsx-bytes', {
        status: 200,
        headers: { 'Content-Disposition': `attachment; filename="elders.xlsx"; filename*=UTF-8''${encodeURIComponent('老年人花名册.xlsx')}` },
      })
    })

    const file = await download('/elders/export', { status: 'active', reveal: true })

    expect(file.filename).toBe('老年人花名册.xlsx')
    await expect(file.blob.text()).resolves.toBe('xlsx-bytes')
    expect(calls.at(-1)).toMatchObject({ url: '/api/v1/elders/export?status=active&reveal=true', authorization: 'Bearer access-2' })
  })

  it('rejects a failed download with the error of its JSON body', async () => {
    fetchMock.mockResolvedValue(json(403, { statusCode: 403, code: 'FORBIDDEN', message: 'forbidden' }))

    await expect(download('/elders/export')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN', message: '没有权限执行此操作' })
  })

  it('reads the suggested file name, preferring the UTF-8 form', () => {
    expect(filenameFromDisposition('attachment; filename="a.xlsx"')).toBe('a.xlsx')
    expect(filenameFromDisposition(`attachment; filename="a.xlsx"; filename*=UTF-8''%E5%90%8D.xlsx`)).toBe('名.xlsx')
    expect(filenameFromDisposition('attachment')).toBeNull()
    expect(filenameFromDisposition(null)).toBeNull()
  })

  it('reports a network failure as NETWORK_ERROR with a readable message', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))

    const error = await get('/users').catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', message: '无法连接服务器，请检查网络后重试' })
    expect(getAccessToken()).toBe('access-1')
  })
})
