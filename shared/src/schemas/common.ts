import { Type, type Static, type TSchema } from 'typebox'

/** UUID in its canonical text form. */
export const Uuid = Type.String({ format: 'uuid' })

/** Asia/Shanghai calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ format: 'date' })

/** An instant, ISO 8601 with offset. */
export const Instant = Type.String({ format: 'date-time' })

export const IdParams = Type.Object({ id: Uuid })
export type IdParams = Static<typeof IdParams>

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
})
export type PageQuery = Static<typeof PageQuery>

/** `{ items, total }`: every list answers in this shape. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) })
}

export const ErrorDetailSchema = Type.Object({
  path: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  message: Type.String(),
})

export const ErrorBodySchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(ErrorDetailSchema)),
})

/** Plain single-line text with at least one visible character and no control characters. */
export function Text(options: { minLength?: number; maxLength: number }) {
  return Type.String({ minLength: options.minLength ?? 1, maxLength: options.maxLength, pattern: '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]*$' })
}

export const OkBody = Type.Object({ ok: Type.Literal(true) })
