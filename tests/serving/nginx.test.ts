/**
 * deploy/nginx/eldercare.conf with Debian's nginx in front of the product: nginx terminates TLS (a
 * self-signed certificate made here with openssl), sends plain http to https, and the product, trusting
 * the proxy, sees https (HSTS) and the client's address. The committed file is used as it is; only its
 * ports, certificate paths and upstream address are pointed at this test's own.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDebianPackage } from '../support/debian-package.js'
import { freePort } from '../support/free-port.js'
import { startProduct, type ProductProcess } from '../support/product-process.js'

const SITE_CONF = fileURLToPath(new URL('../../deploy/nginx/eldercare.conf', import.meta.url))

let dir: string
let certificate: Buffer
let product: ProductProcess
let nginx: ChildProcess
let httpsPort: number
let httpPort: number

/** The committed server blocks, listening on this test's ports and passing to this test's product. */
function siteConf(productPort: number, cert: string, key: string): string {
  const conf = readFileSync(SITE_CONF, 'utf8')
    .replace(/^ *#.*\n/gm, '')
    .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${productPort};`)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace(/^ *listen \[::\].*\n/gm, '')
    .replace('/etc/eldercare/tls/fullchain.pem', cert)
    .replace('/etc/eldercare/tls/privkey.pem', key)
  for (const original of ['127.0.0.1:3000', 'listen 80', 'listen 443', '/etc/eldercare']) {
    if (conf.includes(original)) throw new Error(`deploy/nginx/eldercare.conf changed: "${original}" is still there, update this test`)
  }
  return conf
}

beforeAll(async () => {
  ensureDebianPackage('nginx', ['-v'], 'nginx')
  dir = mkdtempSync(path.join(os.tmpdir(), 'eldercare-nginx-'))
  // Workers run as an unprivileged user when nginx starts as root: they need the temp folders.
  chmodSync(dir, 0o777)
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')]
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' })
  chmodSync(key, 0o644)
  certificate = readFileSync(cert)
  const productPort = await freePort()
  ;[httpsPort, httpPort] = [await freePort(), await freePort()]
  product = await startProduct({ HOST: '127.0.0.1', PORT: String(productPort), TRUST_PROXY: '127.0.0.1' })

  writeFileSync(path.join(dir, 'eldercare.conf'), siteConf(productPort, cert, key))
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/eldercare.conf;
}
`,
  )
  execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' })
  nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' })
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await httpsGet('/api/health').catch(() => null))?.status === 200) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
})

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx.once('exit', resolve))
    nginx.kill('SIGQUIT')
    await exited
  }
  await product?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function httpsGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`https://localhost:${httpsPort}${url}`, { ca: certificate, headers }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('Debian nginx terminating TLS with deploy/nginx/eldercare.conf', () => {
  it('passes https to the product, which sends HSTS because the proxy says https', async () => {
    const response = await httpsGet('/api/health')
    expect(response.status).toBe(200)
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('sends plain http to https', async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/login?redirect=%2Fdashboard`, { redirect: 'manual' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe(`https://127.0.0.1/login?redirect=%2Fdashboard`)
  })

  it('passes the API answers through as the product compressed them', async () => {
    const response = await httpsGet('/api/docs/json', { 'accept-encoding': 'br' })
    expect(response.status).toBe(200)
    expect(response.headers['content-encoding']).toBe('br')
  })
})
