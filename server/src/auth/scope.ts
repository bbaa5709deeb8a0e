import { BUREAU_ROLES } from '@eldercare/shared'
import type { Actor } from './actor.js'

/** What part of the tenant an actor sees: all of it, some towns, or some facilities. */
export type Scope = { kind: 'tenant' } | { kind: 'towns'; townCodes: string[] } | { kind: 'facilities'; facilityIds: string[] }

export function scopeOf(actor: Actor): Scope {
  if (BUREAU_ROLES.includes(actor.role)) return { kind: 'tenant' }
  if (actor.role === 'town_staff') return { kind: 'towns', townCodes: actor.townCodes }
  return { kind: 'facilities', facilityIds: actor.facilityIds }
}

/** The town a community belongs to: its 12-digit statistical code starts with the town's 9 digits. */
export const townOfCommunity = (communityCode: string) => communityCode.slice(0, 9)
