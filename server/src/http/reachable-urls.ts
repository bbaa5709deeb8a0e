import type { NetworkInterfaceInfo } from 'node:os'

const ALL_IPV4 = '0.0.0.0'
const ALL_ADDRESSES = new Set(['::', '[::]'])

function urlHost(address: string): string {
  if (address === '127.0.0.1' || address === '::1') return 'localhost'
  return address.includes(':') ? `[${address}]` : address
}

/**
 * The addresses a person can type to reach the product: for `HOST=0.0.0.0` (or `::`) every address of
 * every network interface, so the operator can hand a tablet `http://10.3.2.15:3000` rather than guess
 * it; otherwise the one address it listens on. Link-local IPv6 addresses need a zone and are left out.
 */
export function reachableUrls(
  host: string,
  port: number,
  protocol: 'http' | 'https',
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
  const wildcard = host === ALL_IPV4 || ALL_ADDRESSES.has(host)
  const addresses = wildcard
    ? Object.values(interfaces)
        .flatMap((infos) => infos ?? [])
        .filter((info) => info.family === 'IPv4' || (host !== ALL_IPV4 && !info.address.startsWith('fe80')))
        .sort((a, b) => Number(b.internal) - Number(a.internal))
        .map((info) => info.address)
    : [host]
  return [...new Set(addresses.map(urlHost))].map((address) => `${protocol}://${address}:${port}`)
}
