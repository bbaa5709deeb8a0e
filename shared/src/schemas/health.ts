import { Type, type Static } from 'typebox'

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  driver: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
})
export type Health = Static<typeof Health>
