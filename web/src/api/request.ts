import { ERROR_CODES, type ErrorCode, type ErrorDetail, type TokenPair } from '@eldercare/shared'
import { translateIfKnown } from '../locales'
import { ApiError, type ClientErrorCode } from './api-error'
import { clearTokens, getAccessToken, getRefreshToken, saveTokens } from './session'

const API_PREFIX = '/api/v1'

type QueryValue = string | number | boolean | null | undefined
export type Query = Readonly<Record<string, QueryValue>>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: Query
  /** Sent as JSON. */
  json?: unknown
  /** Sent as is, e.g. the text of a CSV file. */
  text?: { body: string; contentType: string }
  /** Sent as is, e.g. an .xlsx file the user chose. A Blob can be sent again when a refresh makes the request retry. */
  binary?: { body: Blob; contentType: string }
  /** `blob` resolves with a {@link DownloadedFile} instead of parsed JSON; errors are JSON either way. */
  responseType?: 'json' | 'blob'
  /** False for sign-in and refresh: no bearer token, and a 401 is just an answer. */
  auth?: boolean
  signal?: AbortSignal
}

export interface SessionHooks {
  /** The session is gone (refresh refused, account disabled): the app forgets the user and shows the sign-in page. */
  onExpired: () => void
  /** A refresh brought a new pair, whose `user` is the freshest view of the signed-in user. */
  onRefreshed: (pair: TokenPair) => void
}

const hooks: SessionHooks = {
  onExpired: () => window.location.assign('/login'),
  onRefreshed: () => undefined,
}

/** Lets the app decide how to leave an expired session without this module knowing the router or stores. */
export function configureSession(next: Partial<SessionHooks>): void {
  Object.assign(hooks, next)
}

/** A file the API answered with, and the name its Content-Disposition suggests. */
export interface DownloadedFile {
  blob: Blob
  filename: string | null
}

type Outcome = { ok: true; status: number; data: unknown } | { ok: false; status: number; error: ApiError }
type Failure = Extract<Outcome, { ok: false }>

function buildUrl(path: string, query: Query | undefined): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value))
  }
  const search = params.toString()
  return `${API_PREFIX}${path}${search ? `?${search}` : ''}`
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)
}

function parseDetails(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null || !('message' in item) || typeof item.message !== 'string') return []
    const detail: ErrorDetail = { message: item.message }
    if ('path' in item && typeof item.path === 'string') detail.path = item.path
    if ('line' in item && typeof item.line === 'number') detail.line = item.line
    return [detail]
  })
}

function clientError(status: number, code: ClientErrorCode): ApiError {
  return new ApiError(status, code, translateIfKnown(`clientErrors.${code}`) ?? code)
}

function errorFrom(status: number, payload: unknown): ApiError {
  if (typeof payload === 'object' && payload !== null && 'message' in payload && typeof payload.message === 'string') {
    const serverMessage = payload.message
    const details = 'details' in payload ? parseDetails(payload.details) : []
    const code = 'code' in payload ? payload.code : undefined
    if (isErrorCode(code)) {
      return new ApiError(status, code, translateIfKnown(`errors.${code}`) ?? serverMessage, details, serverMessage)
    }
    return new ApiError(status, 'UNEXPECTED_RESPONSE', serverMessage, details, serverMessage)
  }
  // A proxy or gateway answered in place of the API, so the API itself is out of reach.
  return clientError(status, status === 502 || status === 503 || status === 504 ? 'NETWORK_ERROR' : 'UNEXPECTED_RESPONSE')
}

/** The name from `filename*=UTF-8''…` (RFC 6266, which carries Chinese names) or else from `filename="…"`. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim())
    } catch {
      // A malformed escape: the plain name below is still worth having.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header)
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim()
  return name === '' ? null : name
}

async function read(response: Response, responseType: RequestOptions['responseType']): Promise<Outcome> {
  if (response.ok && responseType === 'blob') {
    const file: DownloadedFile = { blob: await response.blob(), filename: filenameFromDisposition(response.headers.get('Content-Disposition')) }
    return { ok: true, status: response.status, data: file }
  }
  let payload: unknown
  try {
    const text = await response.text()
    payload = text === '' ? undefined : JSON.parse(text)
  } catch {
    if (response.ok) return { ok: false, status: response.status, error: clientError(response.status, 'UNEXPECTED_RESPONSE') }
    payload = undefined
  }
  if (response.ok) return { ok: true, status: response.status, data: payload }
  return { ok: false, status: response.status, error: errorFrom(response.status, payload) }
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Outcome> {
  const headers: Record<string, string> = { Accept: options.responseType === 'blob' ? '*/*' : 'application/json' }
  let body: string | Blob | undefined
  if (options.text) {
    headers['Content-Type'] = options.text.contentType
    body = options.text.body
  } else if (options.binary) {
    headers['Content-Type'] = options.binary.contentType
    body = options.binary.body
  } else if (options.json !== undefined) {
    // Only with a body: Fastify refuses an empty body declared as JSON.
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  if (token !== null) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), { method: options.method ?? 'GET', headers, body, signal: options.signal })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    return { ok: false, status: 0, error: clientError(0, 'NETWORK_ERROR') }
  }
  return read(response, options.responseType)
}

let refreshing: Promise<string | null> | null = null

/** Trades the refresh token for a new pair; null when the server refuses, so the session is over. */
async function refresh(): Promise<string | null> {
  const refreshToken = getRefreshToken()
  if (refreshToken === null) return null
  const outcome = await send('/auth/refresh', { method: 'POST', json: { refreshToken } }, null)
  if (!outcome.ok) {
    // Losing the network is not losing the session: keep the tokens for the next try.
    if (outcome.error.code === 'NETWORK_ERROR') throw outcome.error
    return null
  }
  const pair = outcome.data as TokenPair
  saveTokens(pair)
  hooks.onRefreshed(pair)
  return pair.accessToken
}

/**
 * Refresh tokens are single use, so parallel 401s must share one refresh; a request whose token was
 * already replaced while it was in flight just retries with the new one.
 */
function freshAccessToken(rejected: string): Promise<string | null> {
  const current = getAccessToken()
  if (current !== null && current !== rejected) return Promise.resolve(current)
  refreshing ??= refresh().finally(() => {
    refreshing = null
  })
  return refreshing
}

function endSession(): void {
  const hadSession = getAccessToken() !== null || getRefreshToken() !== null
  clearTokens()
  if (hadSession) hooks.onExpired()
}

function isRefreshable(code: string): boolean {
  return code === 'AUTH_TOKEN_EXPIRED' || (code === 'AUTH_TOKEN_INVALID' && getRefreshToken() !== null)
}

async function retryAfterRefresh(path: string, options: RequestOptions, rejected: string, failed: Failure): Promise<Outcome> {
  if (!isRefreshable(failed.error.code)) {
    endSession()
    return failed
  }
  const fresh = await freshAccessToken(rejected)
  if (fresh === null) {
    endSession()
    return failed
  }
  const retried = await send(path, options, fresh)
  if (!retried.ok && retried.status === 401) endSession()
  return retried
}

/** The one way the web app calls the API. Resolves with the parsed body; rejects with an {@link ApiError}. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.auth === false ? null : getAccessToken()
  let outcome = await send(path, options, token)
  if (!outcome.ok && outcome.status === 401 && token !== null) {
    outcome = await retryAfterRefresh(path, options, token, outcome)
  }
  if (!outcome.ok) throw outcome.error
  // The server validates every response against the shared schema, so the body has the declared type.
  return outcome.data as T
}

export function get<T>(path: string, query?: Query): Promise<T> {
  return request<T>(path, { query })
}

export function post<T>(path: string, json?: unknown, options: Pick<RequestOptions, 'auth'> = {}): Promise<T> {
  return request<T>(path, { method: 'POST', json, ...options })
}

export function patch<T>(path: string, json: unknown): Promise<T> {
  return request<T>(path, { method: 'PATCH', json })
}

export function put<T>(path: string, json: unknown): Promise<T> {
  return request<T>(path, { method: 'PUT', json })
}

export function postText<T>(path: string, body: string, contentType = 'text/csv'): Promise<T> {
  return request<T>(path, { method: 'POST', text: { body, contentType } })
}

export function postBinary<T>(path: string, body: Blob, contentType: string, query?: Query): Promise<T> {
  return request<T>(path, { method: 'POST', query, binary: { body, contentType } })
}

/** A file download that needs the bearer token, so it cannot be a plain link. */
export function download(path: string, query?: Query): Promise<DownloadedFile> {
  return request<DownloadedFile>(path, { query, responseType: 'blob' })
}
