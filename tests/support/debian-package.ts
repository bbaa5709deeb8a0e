import { execFileSync } from 'node:child_process'

function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Makes sure a program from a Debian package is there: as root on Debian (CI) it is installed with
 * apt-get; anywhere else the test stops and says how to install it, rather than passing without it.
 */
export function ensureDebianPackage(program: string, probeArgs: string[], packageName: string): void {
  if (runs(program, probeArgs)) return
  if (process.getuid?.() === 0 && runs('apt-get', ['--version'])) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    if (!runs('apt-get', ['install', '-y', packageName])) {
      execFileSync('apt-get', ['update'], { stdio: 'ignore', env })
      execFileSync('apt-get', ['install', '-y', packageName], { stdio: 'ignore', env })
    }
    if (runs(program, probeArgs)) return
  }
  throw new Error(`${program} is missing: install Debian's package with \`sudo apt-get install -y ${packageName}\``)
}
