import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import fp from 'fastify-plugin'
import { decodeUtf8 } from '../http/utf8.js'

type Schema = Record<string, unknown>

const COMMON: Options = { useDefaults: true, allErrors: true, addUsedSchema: false }

/** The schema with every object closed: a property it does not name is an error, unless it says otherwise. */
function closed(schema: Schema): Schema {
  const copy: Schema = { ...schema }
  if (schema.type === 'object' && !('additionalProperties' in schema)) copy.additionalProperties = false
  for (const key of ['properties', 'patternProperties'] as const) {
    const members = schema[key] as Record<string, Schema> | undefined
    if (members) copy[key] = Object.fromEntries(Object.entries(members).map(([name, member]) => [name, closed(member)]))
  }
  for (const key of ['items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'additionalProperties', 'not'] as const) {
    const inner = schema[key]
    if (Array.isArray(inner)) copy[key] = inner.map((member: Schema) => closed(member))
    else if (inner && typeof inner === 'object') copy[key] = closed(inner as Schema)
  }
  return copy
}

/**
 * How requests are read and checked. Query strings, path parameters and headers arrive as text: they
 * are coerced to the schema's types. A query string is closed like a body: a parameter the route does
 * not name is refused (400), never dropped or passed on to a filter. Headers stay open, browsers and
 * proxies add their own. A JSON body must be UTF-8 (RFC 8259) and carries its own types, so it is taken
 * as sent: a number where text belongs, `null` or `""` for a number or a date, or a field the schema
 * does not name is refused, never converted or silently dropped.
 */
export default fp(
  async (fastify) => {
    // `removeAdditional` stays off everywhere: with it, Ajv strips what a closed schema should refuse.
    const textParts = new Ajv({ ...COMMON, coerceTypes: 'array', removeAdditional: false })
    const bodies = new Ajv({ ...COMMON, coerceTypes: false, removeAdditional: false })
    addFormats(textParts)
    addFormats(bodies)
    fastify.setValidatorCompiler(({ schema, httpPart }) => {
      if (httpPart === 'body') return bodies.compile(closed(schema as Schema))
      if (httpPart === 'querystring' || httpPart === 'params') return textParts.compile(closed(schema as Schema))
      return textParts.compile(schema)
    })

    // An API route that names no query parameters still takes none: it gets an empty closed schema.
    fastify.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/') && !route.schema?.querystring) route.schema = { ...route.schema, querystring: { type: 'object', properties: {} } }
    })

    const parseJson = fastify.getDefaultJsonParser('error', 'error')
    fastify.removeContentTypeParser('application/json')
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      let json: string
      try {
        json = decodeUtf8(body as Buffer)
      } catch (error) {
        return done(error as Error, undefined)
      }
      parseJson(request, json, done)
    })
  },
  { name: 'validation' },
)
