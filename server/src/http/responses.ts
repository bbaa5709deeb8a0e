import { ErrorBodySchema } from '@eldercare/shared'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'

/** Response schemas for the error statuses a route may answer, all in the one error shape. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema])) as Record<S, typeof ErrorBodySchema>
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Response schema of a file download, for the OpenAPI document (the bytes are sent as they are). */
export const XlsxFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

/** Sends an .xlsx as a download: an ASCII file name for old clients, the Chinese one (RFC 6266) for the rest. */
export function sendXlsx(reply: FastifyReply, file: Buffer, asciiName: string, chineseName = asciiName) {
  return reply
    .type(XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`)
    .send(file)
}
