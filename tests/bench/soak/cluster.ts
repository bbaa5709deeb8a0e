import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { TEST_SECRETS } from '../../../server/test/helper.js'
import { freePort } from '../../support/free-port.js'

const SERVER_ENTRY = fileURLToPath(new URL('../../../server/src/server.ts', import.meta.url))

async function waitHealthy(url: string, what: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`)
    const ok = await fetch(`${url}/api/health`)
      .then((response) => response.ok)
      .catch(() => false)
    if (ok) return
    await sleep(100)
  }
  throw new Error(`${what} did not become healthy at ${url}`)
}

/** An API process as production runs it, on a database that is already migrated and seeded. */
export async function startApiInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort()
  const child = spawn(process.execPath, [...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', SERVER_ENTRY], {
    env: {
      ...process.env,
      APP_MODE: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: TEST_SECRETS.jwtSecret,
      PII_KEY: TEST_SECRETS.piiKey,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  await waitHealthy(url, 'API instance', child)
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    },
  }
}

/** Debian's nginx in front of some API instances, round robin, in a folder of its own. */
export async function startNginx(upstreams: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eldercare-nginx-'))
  // Workers run as an unprivileged user when nginx starts as root: they need the temp folders.
  chmodSync(dir, 0o777)
  const port = await freePort()
  const servers = upstreams.map((upstream) => `    server ${new URL(upstream).host};`).join('\n')
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream api {
${servers}
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 32m;
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream off;
    }
  }
}
`,
  )
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] })
  const url = `http://127.0.0.1:${port}`
  await waitHealthy(url, 'nginx', child)
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT')
        await new Promise((resolve) => child.once('exit', resolve))
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
