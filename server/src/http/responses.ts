import { ErrorBodySchema } from '@eldercare/shared'

/** Response schemas for the error statuses a route may answer, all in the one error shape. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema])) as Record<S, typeof ErrorBodySchema>
}
