/**
 * The product's own TLS: with TLS_CERT and TLS_KEY the one Node process serves https on PORT and sends
 * HSTS; without them it serves plain http and sends no HSTS. The certificate is made here with
 * Debian's openssl, self-signed for localhost.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port.js'
import { startProduct, type ProductProcess } from '../support/product-process.js'

let dir: string
let certificate: Buffer
let overTls: ProductProcess
let overHttp: ProductProcess
let tlsPort: number
let httpPort: number

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eldercare-tls-'))
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')]
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' })
  certificate = readFileSync(cert)
  ;[tlsPort, httpPort] = [await freePort(), await freePort()]
  ;[overTls, overHttp] = await Promise.all([
    startProduct({ HOST: '127.0.0.1', PORT: String(tlsPort), TLS_CERT: cert, TLS_KEY: key }),
    startProduct({ HOST: '127.0.0.1', PORT: String(httpPort) }),
  ])
})

afterAll(async () => {
  await Promise.all([overTls?.stop(), overHttp?.stop()])
  rmSync(dir, { recursive: true, force: true })
})

/** A GET that trusts only the test's own certificate. */
function httpsGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: certificate }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('serving over TLS in the process', () => {
  it('prints its https address', () => {
    expect(overTls.urls).toEqual([`https://localhost:${tlsPort}`])
    expect(overHttp.urls).toEqual([`http://localhost:${httpPort}`])
  })

  it('answers https on PORT and sends HSTS there', async () => {
    const response = await httpsGet(`https://localhost:${tlsPort}/api/health`)
    expect(response.status).toBe(200)
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
  })

  it('does not speak plain http on the TLS port', async () => {
    await expect(fetch(`http://127.0.0.1:${tlsPort}/api/health`)).rejects.toThrow()
  })

  it('sends no HSTS when it serves plain http', async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/api/health`)
    expect(response.status).toBe(200)
    expect(response.headers.get('strict-transport-security')).toBeNull()
    expect(response.headers.get('cross-origin-opener-policy')).toBeNull()
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests')
  })
})
