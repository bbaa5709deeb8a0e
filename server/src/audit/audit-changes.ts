import { maskIdNumber, maskPhone } from '@eldercare/shared'

export type FieldChanges = Record<string, { from?: unknown; to?: unknown }>

/** How fields holding personal data or secrets are shown, by name: `phone`, `contactPhone`, `idNumber`, `passwordHash`… */
function maskFor(field: string): ((value: string) => string) | null {
  if (/^phone$|Phone$/.test(field)) return maskPhone
  if (/^idNumber$|IdNumber$/.test(field)) return maskIdNumber
  if (/^password|Password/.test(field)) return () => '******'
  return null
}

function masked(field: string, value: unknown): unknown {
  const mask = maskFor(field)
  return mask && typeof value === 'string' ? mask(value) : value
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The fields that differ between two versions of an entity, personal data masked.
 * `before` is null for a creation, `after` null for a deletion.
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChanges {
  const changes: FieldChanges = {}
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  for (const key of keys) {
    const from = before?.[key]
    const to = after?.[key]
    if (before && after && same(from, to)) continue
    changes[key] = {
      ...(before ? { from: masked(key, from ?? null) } : {}),
      ...(after ? { to: masked(key, to ?? null) } : {}),
    }
  }
  return changes
}
