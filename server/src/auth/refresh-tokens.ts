import { createHash, randomBytes } from 'node:crypto'

/**
 * A refresh token is `<tenantId>.<secret>`: the tenant tells where to look, only the secret's
 * SHA-256 is stored, so a database dump yields no usable token.
 */
export function newRefreshToken(tenantId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url')
  return { token: `${tenantId}.${secret}`, hash: hashRefreshSecret(secret) }
}

export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

export function parseRefreshToken(token: string): { tenantId: string; hash: string } | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return null
  return { tenantId: match[1]!, hash: hashRefreshSecret(match[2]!) }
}
