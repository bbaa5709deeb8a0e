import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * Debian's Chromium, installed with `apt-get install chromium`. Nothing here ever downloads a browser:
 * the end-to-end tests drive the system's Chromium through playwright-core.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * Headless on a closed network: without the background-networking flags Chromium's own connections
 * (updates, sync, field trials) are refused and can stall start-up.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const INSTALL_HINT = [
  `Chromium was not found at ${CHROMIUM_PATH}. The end-to-end tests drive Debian's Chromium and never download a browser.`,
  'Install it with:',
  '  sudo apt-get update && sudo apt-get install -y chromium',
  'or point CHROMIUM_PATH at a Chromium or Chrome binary (e.g. CHROMIUM_PATH=/usr/bin/chromium pnpm test:e2e).',
].join('\n')

function hasAptGet(): boolean {
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Makes sure Chromium is there before anything is built: as root on a Debian machine (CI) it is
 * installed with apt-get; anywhere else the run stops with how to install it.
 */
export function ensureChromium(log: (line: string) => void = console.log): void {
  if (existsSync(CHROMIUM_PATH)) return
  const root = process.getuid?.() === 0
  if (!process.env.CHROMIUM_PATH && root && hasAptGet()) {
    log(`Chromium is missing: installing Debian's package (apt-get install -y chromium)…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    try {
      execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env })
    } catch {
      // A fresh machine may not have the package lists yet.
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env })
      execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env })
    }
    if (existsSync(CHROMIUM_PATH)) return
  }
  throw new Error(INSTALL_HINT)
}
