import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

const SECRETS = { JWT_SECRET: 'x'.repeat(32), PII_KEY: 'ab'.repeat(32) }

describe('loadConfig', () => {
  it('defaults to demo mode on an embedded database in ./.data', () => {
    const config = loadConfig({})
    expect(config.mode).toBe('demo')
    expect(config.dataDir).toBe(path.resolve('.data'))
    expect(config.databaseUrl).toBe(`pglite://${path.resolve('.data', 'pglite')}`)
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(3000)
    expect(config.secrets).toBeNull()
    expect(config.defaultTenantCode).toBe('330902')
    expect(config.logPretty).toBe(false)
  })

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db')
  })

  it('uses an in-memory database in test mode', () => {
    expect(loadConfig({ APP_MODE: 'test' }).databaseUrl).toBe('memory://')
  })

  it('puts the embedded database under DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: '/srv/eldercare' }).databaseUrl).toBe('pglite:///srv/eldercare/pglite')
  })

  it('refuses production mode without secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError)
    expect(() => loadConfig({ APP_MODE: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/PII_KEY/)
  })

  it('refuses weak or malformed secrets', () => {
    expect(() => loadConfig({ ...SECRETS, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/)
    expect(() => loadConfig({ ...SECRETS, PII_KEY: 'not-hex' })).toThrow(/PII_KEY/)
  })

  it('takes production secrets from the environment and has no default tenant', () => {
    const config = loadConfig({ APP_MODE: 'production', ...SECRETS })
    expect(config.mode).toBe('production')
    expect(config.secrets).toEqual({ jwtSecret: SECRETS.JWT_SECRET, piiKey: SECRETS.PII_KEY })
    expect(config.defaultTenantCode).toBeNull()
  })

  it('keeps access tokens at 15 minutes or less', () => {
    expect(loadConfig({}).accessTokenTtlSeconds).toBe(900)
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '3600' })).toThrow(ConfigError)
  })

  it('refuses a bad port, mode or tenant code', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/)
    expect(() => loadConfig({ APP_MODE: 'staging' })).toThrow(/APP_MODE/)
    expect(() => loadConfig({ DEFAULT_TENANT_CODE: '33' })).toThrow(/DEFAULT_TENANT_CODE/)
  })

  it('serves plain http unless both TLS files are named', () => {
    expect(loadConfig({}).tls).toBeNull()
    expect(loadConfig({ TLS_CERT: '/etc/eldercare/cert.pem', TLS_KEY: 'key.pem' }).tls).toEqual({
      certPath: '/etc/eldercare/cert.pem',
      keyPath: path.resolve('key.pem'),
    })
    expect(() => loadConfig({ TLS_CERT: '/etc/eldercare/cert.pem' })).toThrow(/TLS_CERT and TLS_KEY/)
    expect(() => loadConfig({ TLS_KEY: '/etc/eldercare/key.pem' })).toThrow(/TLS_CERT and TLS_KEY/)
  })

  it('believes no proxy unless TRUST_PROXY names one', () => {
    expect(loadConfig({}).trustProxy).toBeNull()
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toBe('127.0.0.1')
  })
})
