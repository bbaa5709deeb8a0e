import { isValidIdNumber, maskIdNumber, maskPhone } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { changedFields } from '../src/audit/audit-changes.js'
import { hashPassword, verifyPassword } from '../src/auth/passwords.js'
import { parseRefreshToken, newRefreshToken } from '../src/auth/refresh-tokens.js'
import { createPii } from '../src/privacy/pii.js'
import { parseRegionCsv } from '../src/regions/region-csv.js'

describe('passwords', () => {
  it('are hashed with scrypt and a salt, and verified', async () => {
    const hash = await hashPassword('Demo#2024')
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(hash).not.toBe(await hashPassword('Demo#2024'))
    expect(await verifyPassword('Demo#2024', hash)).toBe(true)
    expect(await verifyPassword('Demo#2025', hash)).toBe(false)
    expect(await verifyPassword('Demo#2024', 'md5$abc')).toBe(false)
  })
})

describe('refresh tokens', () => {
  it('carry the tenant and keep only a hash of the secret', () => {
    const tenantId = '01900000-0000-7000-8000-000000000001'
    const { token, hash } = newRefreshToken(tenantId)
    expect(parseRefreshToken(token)).toEqual({ tenantId, hash })
    expect(token).not.toContain(hash)
    expect(parseRefreshToken('garbage')).toBeNull()
  })
})

describe('personal data', () => {
  const pii = createPii('0f'.repeat(32))

  it('round-trips through AES-256-GCM with a fresh IV each time', () => {
    const a = pii.encrypt('11010519491231002X')
    expect(a).not.toBe(pii.encrypt('11010519491231002X'))
    expect(pii.decrypt(a)).toBe('11010519491231002X')
  })

  it('detects tampering', () => {
    const stored = pii.encrypt('13812345678')
    const raw = Buffer.from(stored.slice(3), 'base64')
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1
    expect(() => pii.decrypt(`v1:${raw.toString('base64')}`)).toThrow()
  })

  it('fingerprints deterministically per key', () => {
    expect(pii.fingerprint('440524188001010014')).toBe(pii.fingerprint('440524188001010014'))
    expect(createPii('1e'.repeat(32)).fingerprint('440524188001010014')).not.toBe(pii.fingerprint('440524188001010014'))
  })

  it('masks 身份证号 and phone numbers', () => {
    expect(maskIdNumber('33090219450302123X')).toBe('330902********123X')
    expect(maskPhone('13812345678')).toBe('138****5678')
  })

  it('checks 身份证号 checksums and birth dates', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('440524188001010014')).toBe(true)
    expect(isValidIdNumber('110105194912310021')).toBe(false)
    expect(isValidIdNumber('110105194902300021')).toBe(false)
  })
})

describe('audit changes', () => {
  it('list only changed fields and mask personal data', () => {
    expect(changedFields({ name: 'a', phone: '13812345678', role: 'x' }, { name: 'b', phone: '13912345678', role: 'x' })).toEqual({
      name: { from: 'a', to: 'b' },
      phone: { from: '138****5678', to: '139****5678' },
    })
    expect(changedFields(null, { idNumber: '11010519491231002X' })).toEqual({ idNumber: { to: '110105********002X' } })
  })
})

describe('region CSV', () => {
  const header = 'code,name,level,parent_code,kind,island'

  it('reads a byte-order mark and CRLF line ends', () => {
    const csv = `\uFEFF${header}\r\n330902,定海区,district,330900,district,\r\n330902002,昌国街道,town,330902,subdistrict,\r\n`
    expect(parseRegionCsv(csv, '330902')).toEqual({
      ok: true,
      rows: [{ code: '330902002', name: '昌国街道', level: 'town', parentCode: '330902', kind: 'subdistrict', island: null }],
    })
  })

  it('names the line of every problem', () => {
    const csv = [
      header,
      '330902002,昌国街道,town,330902,subdistrict,',
      '330902002,昌国街道,town,330902,subdistrict,',
      '330902999001,孤儿社区,community,330902999,community,',
      '330902002001,,community,330902002,community,',
    ].join('\n')
    const result = parseRegionCsv(csv, '330902')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((error) => [error.line, error.path])).toEqual([
      [3, 'code'],
      [4, 'parent_code'],
      [5, 'name'],
    ])
  })

  it('refuses a row with the wrong number of fields', () => {
    const result = parseRegionCsv(`${header}\n330902002,昌国街道,town`, '330902')
    expect(result).toMatchObject({ ok: false, errors: [{ line: 2 }] })
  })
})
