/**
 * Official community names end in 居民委员会 / 居委会 (社区) or 村民委员会 / 村委会 (村); bureaus' files
 * write 西安社区, 茅岭村 or just 西安. `communityKey` is the short form both sides are compared in.
 */
export function communityKey(name: string): string {
  return name
    .replace(/[\s\u3000]/g, '')
    .replace(/(居民委员会|居委会)$/, '')
    .replace(/(村民委员会|村委会)$/, '村')
}

/** Looks names up by their short form, or by the bare place name without 社区 / 村. */
export function communityNameIndex(communities: { code: string; name: string }[]) {
  const byKey = new Map<string, string[]>()
  const add = (key: string, code: string) => byKey.set(key, [...new Set([...(byKey.get(key) ?? []), code])])
  for (const community of communities) {
    const key = communityKey(community.name)
    add(key, community.code)
    const bare = key.replace(/(社区|村)$/, '')
    if (bare !== key && bare.length > 0) add(`bare:${bare}`, community.code)
  }
  return (name: string): string[] => {
    const key = communityKey(name)
    return byKey.get(key) ?? byKey.get(`bare:${key}`) ?? []
  }
}
