import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '../support/free-port.js'

/** The folder of PostgreSQL's server programs (initdb, pg_ctl), or null when none is installed. */
export function postgresBinaries(): string | null {
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a))
    for (const version of versions) if (existsSync(path.join(debian, version, 'bin', 'initdb'))) return path.join(debian, version, 'bin')
  }
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  const bindir = found.status === 0 ? found.stdout.trim() : ''
  return bindir && existsSync(path.join(bindir, 'initdb')) ? bindir : null
}

/**
 * A PostgreSQL instance of the test's own: a fresh cluster in a temporary folder on a free port, so
 * the test may stop and start it without touching the machine's server. PostgreSQL refuses to run
 * as root: as root, its programs run as the `postgres` user.
 */
export async function startOwnPostgres(bin: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eldercare-fault-pg-'))
  chmodSync(dir, 0o777)
  const dataDir = path.join(dir, 'data')
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  // Asynchronous: the test's request stream goes on while the server stops and starts.
  const run = async (program: string, args: string[]) => {
    const command = path.join(bin, program)
    if (asRoot) await promisify(execFile)('runuser', ['-u', 'postgres', '--', command, ...args])
    else await promisify(execFile)(command, args)
  }
  await run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
  const start = () => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start'])
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'])
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async remove() {
      await stop().catch(() => {
        // already stopped
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
