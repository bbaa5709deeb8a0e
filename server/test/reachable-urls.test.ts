import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { reachableUrls } from '../src/http/reachable-urls.js'

function info(address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo {
  const base = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null }
  return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: 0 }
}

const INTERFACES = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('10.3.2.15', 'IPv4'), info('fe80::1', 'IPv6'), info('2001:db8::15', 'IPv6')],
  wg0: [info('172.16.0.1', 'IPv4')],
}

describe('reachableUrls', () => {
  it('lists every IPv4 address when listening on all of them, localhost first', () => {
    expect(reachableUrls('0.0.0.0', 3000, 'http', INTERFACES)).toEqual(['http://localhost:3000', 'http://10.3.2.15:3000', 'http://172.16.0.1:3000'])
  })

  it('adds routable IPv6 addresses when listening on ::', () => {
    expect(reachableUrls('::', 443, 'https', INTERFACES)).toEqual([
      'https://localhost:443',
      'https://10.3.2.15:443',
      'https://[2001:db8::15]:443',
      'https://172.16.0.1:443',
    ])
  })

  it('names the one address otherwise', () => {
    expect(reachableUrls('127.0.0.1', 3000, 'http', INTERFACES)).toEqual(['http://localhost:3000'])
    expect(reachableUrls('10.3.2.15', 3000, 'https', INTERFACES)).toEqual(['https://10.3.2.15:3000'])
  })
})
