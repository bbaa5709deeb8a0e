import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/** Encrypts and fingerprints personal data (身份证号, phone numbers) under PIPL. */
export interface Pii {
  encrypt(plain: string): string
  decrypt(stored: string): string
  /** Keyed fingerprint for exact-match lookup without decrypting. */
  fingerprint(plain: string): string
}

const VERSION = 'v1'

export function createPii(keyHex: string): Pii {
  const master = Buffer.from(keyHex, 'hex')
  // Separate keys for encryption and fingerprints, so one never helps attack the other.
  const encryptionKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pii-encryption', 32))
  const fingerprintKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pii-fingerprint', 32))
  return {
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
    },
    decrypt(stored) {
      const [version, payload] = stored.split(':')
      if (version !== VERSION || !payload) throw new Error('unknown ciphertext format')
      const raw = Buffer.from(payload, 'base64')
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    },
    fingerprint(plain) {
      return createHmac('sha256', fingerprintKey).update(plain).digest('base64url')
    },
  }
}
