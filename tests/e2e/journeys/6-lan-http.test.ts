/**
 * Journey 6: a bureau PC on the LAN opens the product over plain http at the server's address
 * (`http://10.x.y.1:port`, not localhost: a non-secure context) and signs in. The PC is a network
 * namespace of this test's own, joined to the host by a veth pair; Chromium runs inside it, the product
 * listens on the host's side of the pair. Making a namespace needs root (CI runs as root): without it
 * the test fails and says why rather than passing.
 */
import { execFileSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../support/free-port.js'
import { startProduct, type ProductProcess } from '../../support/product-process.js'
import { journey } from '../support/browser.js'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js'

const ADMIN = 'lan_admin'
const FIRST_PASSWORD = 'Lan#2024first'
const NEW_PASSWORD = 'Lan#2024second'

const id = `${process.pid % 10_000}${randomInt(100)}`
const NAMESPACE = `eldercare-lan-${id}`
const HOST_SIDE = `ecl${id}h`
const PC_SIDE = `ecl${id}p`
const subnet = `10.213.${randomInt(256)}.${randomInt(64) * 4}`
const [a, b, c, d] = subnet.split('.').map(Number) as [number, number, number, number]
const SERVER_ADDRESS = `${a}.${b}.${c}.${d + 1}`
const PC_ADDRESS = `${a}.${b}.${c}.${d + 2}`

let product: ProductProcess | undefined
let browser: Browser | undefined
let wrapperDir: string | undefined
let port: number
const made: string[] = []

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' })
}

/** Why this machine cannot make the namespace, or null when it can. */
function cannotMakeNamespace(): string | null {
  if (process.getuid?.() !== 0) return 'it needs root to make a network namespace and a veth pair (ip netns, ip link); run the e2e tests as root, as CI does'
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' })
  } catch {
    return 'the `ip` command (Debian package iproute2) is missing: sudo apt-get install -y iproute2'
  }
  return null
}

beforeAll(async () => {
  const reason = cannotMakeNamespace()
  if (reason) throw new Error(`journey 6 cannot run: ${reason}`)
  ip('netns', 'add', NAMESPACE)
  made.push('netns')
  ip('link', 'add', HOST_SIDE, 'type', 'veth', 'peer', 'name', PC_SIDE)
  made.push('link')
  ip('link', 'set', PC_SIDE, 'netns', NAMESPACE)
  ip('addr', 'add', `${SERVER_ADDRESS}/30`, 'dev', HOST_SIDE)
  ip('link', 'set', HOST_SIDE, 'up')
  ip('netns', 'exec', NAMESPACE, 'ip', 'addr', 'add', `${PC_ADDRESS}/30`, 'dev', PC_SIDE)
  ip('netns', 'exec', NAMESPACE, 'ip', 'link', 'set', PC_SIDE, 'up')
  ip('netns', 'exec', NAMESPACE, 'ip', 'link', 'set', 'lo', 'up')

  // A fresh installation, as a district gets it: production mode, its first platform operator.
  port = await freePort()
  product = await startProduct({ HOST: SERVER_ADDRESS, PORT: String(port) }, (env) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/create-platform-admin.ts', ADMIN], {
      cwd: path.join(import.meta.dirname, '../../../server'),
      env: { ...env, PLATFORM_ADMIN_PASSWORD: FIRST_PASSWORD },
      stdio: 'pipe',
    }),
  )

  // Chromium inside the namespace: playwright talks to it over inherited pipes, which `exec` keeps.
  wrapperDir = mkdtempSync(path.join(os.tmpdir(), 'eldercare-lan-'))
  const wrapper = path.join(wrapperDir, 'chromium-in-namespace')
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NAMESPACE} ${CHROMIUM_PATH} "$@"\n`)
  chmodSync(wrapper, 0o755)
  browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_ARGS, headless: true })
})

afterAll(async () => {
  await browser?.close()
  await product?.stop()
  if (wrapperDir) rmSync(wrapperDir, { recursive: true, force: true })
  // Removing the namespace removes its end of the pair, and with it the host's end.
  if (made.includes('netns')) execFileSync('ip', ['netns', 'del', NAMESPACE], { stdio: 'ignore' })
  if (made.includes('link')) {
    try {
      ip('link', 'del', HOST_SIDE)
    } catch {
      // Already gone with the namespace.
    }
  }
})

describe('journey 6: a PC on the LAN, plain http', () => {
  it('the product prints the LAN address it listens on', () => {
    expect(product!.urls).toEqual([`http://${SERVER_ADDRESS}:${port}`])
  })

  it('opens the sign-in page at the server address, signs in and changes the first password', async () => {
    const baseUrl = `http://${SERVER_ADDRESS}:${port}`
    await journey(browser!, { baseUrl, artifact: '6-lan-http', viewport: { width: 1366, height: 768 } }, async (page) => {
      const failed: string[] = []
      page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`))

      await page.goto('/')
      await page.waitForURL('**/login**')
      // Not localhost: the browser treats this origin as insecure, and nothing may ask it for https.
      expect(await page.evaluate('[location.origin, window.isSecureContext]')).toEqual([baseUrl, false])

      await page.getByLabel('区县代码').fill('000000')
      await page.getByLabel('用户名').fill(ADMIN)
      await page.getByLabel('密码', { exact: true }).fill(FIRST_PASSWORD)
      await page.getByRole('button', { name: '登录', exact: true }).click()

      // The first sign-in of an installation asks for a password of the operator's own.
      await page.waitForURL((url) => url.pathname !== '/login')
      await page.getByLabel('当前密码').fill(FIRST_PASSWORD)
      await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD)
      await page.getByLabel('确认新密码').fill(NEW_PASSWORD)
      await page.getByRole('button', { name: '保存' }).click()
      await page.getByRole('menubar').waitFor()
      expect(failed).toEqual([])
    })
  })
})
