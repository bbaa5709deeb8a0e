import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.js'
import { XLSX_TYPE } from './responses.js'

/**
 * Lets the routes of one plugin take an .xlsx file as the whole body, up to `bodyLimit` bytes. The parser is
 * added to the plugin passed in, so it holds for that plugin's routes alone: the rest of the API keeps the
 * global body limit and refuses these content types.
 */
export function acceptXlsxUploads(plugin: Pick<FastifyInstance, 'addContentTypeParser'>, bodyLimit: number): void {
  plugin.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body))
}

/** The body as an .xlsx file. An .xlsx is a zip archive: anything else is refused before parsing. */
export function xlsxUpload(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length < 4 || body.readUInt32LE(0) !== 0x04034b50) {
    throw new AppError('VALIDATION_FAILED', 'the body must be an .xlsx file', [{ path: '/body', message: 'not an .xlsx file' }])
  }
  return body
}
