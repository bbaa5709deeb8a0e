import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Role } from '@eldercare/shared'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { vi } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/src/demo/demo-accounts.js'
import { ARTIFACTS_DIR } from './artifacts.js'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js'

/** How long a screen may take to show what a step waits for; the product answers in well under a second. */
export const STEP_TIMEOUT_MS = 20_000

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
}

export interface JourneyOptions {
  baseUrl: string
  /** `<n>-<name>`: the screenshot of the final screen is `tests/e2e/artifacts/<n>-<name>.png`. */
  artifact: string
  viewport?: { width: number; height: number }
}

/**
 * One journey in a browser context of its own (its own sign-in, storage and downloads). The final
 * screen is kept as a screenshot whether the journey passed or not; an uncaught error in the page
 * fails the journey even when every step passed.
 */
export async function journey(browser: Browser, options: JourneyOptions, steps: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({
    baseURL: options.baseUrl,
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message))
  try {
    await steps(page)
    if (pageErrors.length > 0) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n\n')}`)
  } finally {
    mkdirSync(ARTIFACTS_DIR, { recursive: true })
    await settled(page).catch(() => {})
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${options.artifact}.png`), fullPage: true }).catch(() => {})
    await context.close()
  }
}

/** Until no loading mask covers anything: a final screen worth keeping, not one mid-fade. */
async function settled(page: Page): Promise<void> {
  await page.mouse.move(0, 0)
  await vi.waitFor(
    async () => {
      if ((await page.locator('.el-loading-mask:visible').count()) > 0) throw new Error('still loading')
    },
    { timeout: 5_000, interval: 100 },
  )
}

/** Signs in through the sign-in page, as the demo account named after its role, and waits to leave it. */
export async function signIn(page: Page, username: Role): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('区县代码').fill(DEMO_ACCOUNTS.find((account) => account.username === username)?.tenantCode ?? '330902')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL((url) => url.pathname !== '/login')
  // The header's menu button is there at every width; the menu itself is a closed drawer on a tablet.
  await page.getByRole('button', { name: '展开或收起菜单' }).waitFor()
}

/** Signs out from the user menu in the header, confirming, and waits for the sign-in page. */
export async function signOut(page: Page, username: Role): Promise<void> {
  const displayName = DEMO_ACCOUNTS.find((account) => account.username === username)?.displayName ?? username
  await page.getByRole('button', { name: displayName, exact: true }).click()
  await page.getByRole('menuitem', { name: '退出登录' }).click()
  await page.getByRole('dialog', { name: '退出登录' }).getByRole('button', { name: '确定' }).click()
  await page.waitForURL('**/login**')
}

/** Opens a page of the app from its side menu. */
export async function openMenu(page: Page, title: string): Promise<void> {
  // On a tablet the menu is a drawer, opened by the header's menu button first.
  if (!(await page.getByRole('menubar').isVisible())) await page.getByRole('button', { name: '展开或收起菜单' }).click()
  await page.getByRole('menubar').getByRole('menuitem', { name: title }).click()
}

/** Picks an option of an Element Plus select: the options live in a popper outside the select. */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** Waits until the text of `locator` satisfies `check`, and returns it. */
export async function textWhen(locator: Locator, check: (text: string) => boolean, timeout = STEP_TIMEOUT_MS): Promise<string> {
  let last = ''
  await vi.waitFor(
    async () => {
      last = ((await locator.textContent({ timeout: 1_000 })) ?? '').trim()
      if (!check(last)) throw new Error(`text is "${last}"`)
    },
    { timeout, interval: 100 },
  )
  return last
}

/** Waits until `locator` shows exactly `expected` (after trimming). */
export function textIs(locator: Locator, expected: string): Promise<string> {
  return textWhen(locator, (text) => text === expected)
}
