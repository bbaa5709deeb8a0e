import type { Role } from '@eldercare/shared'

/** The signed-in user a request acts for; services check access against it. */
export interface Actor {
  tenantId: string
  userId: string
  username: string
  role: Role
  townCodes: string[]
  facilityIds: string[]
  ip: string | null
}

/** Options a route declares in `config`; every `/api/v1` route must say who may call it. */
export interface RouteAccess {
  /** Roles allowed to call the route. */
  roles?: readonly Role[]
  /** No sign-in needed (login, refresh). */
  public?: boolean
  /** Still callable while the user must change a first or reset password. */
  allowWhilePasswordChangeRequired?: boolean
}

declare module 'fastify' {
  // Declaration merging: route `config` gains the access fields.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteAccess {}
  interface FastifyRequest {
    actor: Actor | null
  }
}

/** The actor of an authenticated route; the guard has set it before any handler runs. */
export function actorOf(request: { actor: Actor | null }): Actor {
  if (request.actor === null) throw new Error('route reached without an actor: is it marked public by mistake?')
  return request.actor
}
