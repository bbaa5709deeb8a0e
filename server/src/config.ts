import path from 'node:path'

export type AppMode = 'production' | 'demo' | 'test'

export interface Secrets {
  /** HS256 key for access tokens. */
  jwtSecret: string
  /** 32-byte key (64 hex characters) for personal data: AES-256-GCM and HMAC keys are derived from it. */
  piiKey: string
}

export interface AppConfig {
  mode: AppMode
  host: string
  port: number
  dataDir: string
  /** `postgres://…`, `memory://` or a PGlite folder (`pglite://<path>`). */
  databaseUrl: string
  /** Connections to PostgreSQL per process. */
  databasePoolSize: number
  /** Null in demo mode without environment secrets: they are generated into `dataDir` once. */
  secrets: Secrets | null
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  loginRateLimitPerMinute: number
  lockout: { maxFailures: number; minutes: number }
  /** Tenant used when a sign-in names none: single-district deployments set it so nobody types it. */
  defaultTenantCode: string | null
  logLevel: string
  logPretty: boolean
  /** Redis for state shared by several API instances (sign-in rate limits); null keeps it in memory. */
  redisUrl: string | null
  /**
   * Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (e.g. `127.0.0.1` behind a local
   * nginx): the client's address and whether it came over https. Null trusts none.
   */
  trustProxy: string | null
  /** PEM files of the certificate and its key: the process then serves https on `port`. Null serves http. */
  tls: TlsFiles | null
}

export interface TlsFiles {
  certPath: string
  keyPath: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Record<string, string | undefined>

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return value
}

function readSecrets(env: Env): Secrets | null {
  const jwtSecret = env.JWT_SECRET
  const piiKey = env.PII_KEY
  if (jwtSecret === undefined && piiKey === undefined) return null
  const problems: string[] = []
  if (!jwtSecret || jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters')
  if (!piiKey || !/^[0-9a-fA-F]{64}$/.test(piiKey)) problems.push('PII_KEY must be 64 hexadecimal characters (32 bytes)')
  if (problems.length > 0) throw new ConfigError(problems.join('; '))
  return { jwtSecret: jwtSecret!, piiKey: piiKey! }
}

function readTls(env: Env): TlsFiles | null {
  const certPath = env.TLS_CERT || null
  const keyPath = env.TLS_KEY || null
  if (certPath === null && keyPath === null) return null
  if (certPath === null || keyPath === null) throw new ConfigError('TLS_CERT and TLS_KEY go together: the PEM files of the certificate and of its key')
  return { certPath: path.resolve(certPath), keyPath: path.resolve(keyPath) }
}

/**
 * Reads the configuration from environment variables. Pure: no files, no network.
 * Production mode refuses to start without its secrets; demo mode may generate them.
 */
export function loadConfig(env: Env): AppConfig {
  const modeRaw = env.APP_MODE ?? (env.NODE_ENV === 'production' ? 'production' : 'demo')
  if (modeRaw !== 'production' && modeRaw !== 'demo' && modeRaw !== 'test') {
    throw new ConfigError(`APP_MODE must be production, demo or test, got "${modeRaw}"`)
  }
  const mode: AppMode = modeRaw
  const secrets = readSecrets(env)
  if (mode === 'production' && secrets === null) {
    throw new ConfigError('production mode needs JWT_SECRET and PII_KEY in the environment')
  }
  const dataDir = path.resolve(env.DATA_DIR || './.data')
  const databaseUrl = env.DATABASE_URL || (mode === 'test' ? 'memory://' : `pglite://${path.join(dataDir, 'pglite')}`)
  const defaultTenantCode = env.DEFAULT_TENANT_CODE || (mode === 'demo' ? '330902' : null)
  if (defaultTenantCode !== null && !/^\d{6}$/.test(defaultTenantCode)) {
    throw new ConfigError(`DEFAULT_TENANT_CODE must be a 6-digit area code, got "${defaultTenantCode}"`)
  }
  return {
    mode,
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir,
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    secrets,
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 1, 900),
    refreshTokenTtlDays: integer(env, 'REFRESH_TOKEN_TTL_DAYS', 14, 1, 90),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    lockout: { maxFailures: 5, minutes: 15 },
    defaultTenantCode,
    logLevel: env.LOG_LEVEL || (mode === 'test' ? 'silent' : 'info'),
    logPretty: env.LOG_PRETTY === 'true',
    redisUrl: env.REDIS_URL || null,
    trustProxy: env.TRUST_PROXY || null,
    tls: readTls(env),
  }
}
