import { Type, type Static, type TSchema } from 'typebox'

/** UUID in its canonical text form. */
export const Uuid = Type.String({ format: 'uuid' })

/** Asia/Shanghai calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ format: 'date' })

/** An instant, ISO 8601 with offset. */
export const Instant = Type.String({ format: 'date-time' })

export const IdParams = Type.Object({ id: Uuid })
export type IdParams = Static<typeof IdParams>

/** Pages beyond this are not a list anyone reads; the limit keeps the offset a database can take. */
export const MAX_PAGE = 10_000

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
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

/**
 * Characters that are not text: C0 and C1 controls, DEL, and a half of a UTF-16 surrogate pair, which
 * cannot be stored as UTF-8 and would come back as U+FFFD. Patterns are matched with the `u` flag.
 */
const NOT_TEXT = '\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff'

/** The pattern of `Text`, for text that does not arrive as JSON (a CSV file); match it with the `u` flag. */
export const TEXT_PATTERN = `^(?=.*\\S)[^${NOT_TEXT}]*$`

/** Plain single-line text with at least one visible character and no control characters. */
export function Text(options: { minLength?: number; maxLength: number }) {
  return Type.String({ minLength: options.minLength ?? 1, maxLength: options.maxLength, pattern: TEXT_PATTERN })
}

/** Text as typed into a search box, a filter or the sign-in form: no control characters, blank allowed. */
export function PlainText(options: { minLength?: number; maxLength: number }) {
  return Type.String({ minLength: options.minLength ?? 0, maxLength: options.maxLength, pattern: `^[^${NOT_TEXT}]*$` })
}

/**
 * Text in a URL's query string: a filter or a name. A run of 11 or more digits (a phone number, a
 * 身份证号, a card number) is refused: proxies, access logs and browser history keep URLs, so a search
 * that may carry one goes in a request body (`POST …/search`).
 */
export function QueryText(options: { maxLength: number }) {
  return Type.String({ minLength: 0, maxLength: options.maxLength, pattern: `^(?!.*(?:\\d[\\s-]*){11})[^${NOT_TEXT}]*$` })
}

export const OkBody = Type.Object({ ok: Type.Literal(true) })
