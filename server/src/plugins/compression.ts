import compress from '@fastify/compress'
import fp from 'fastify-plugin'

/**
 * Compresses API answers of 1 KB and more (Brotli at @fastify/compress's light default quality, or
 * gzip) by the client's Accept-Encoding: a district's roster page or dashboard is mostly repeated keys.
 * Types mime-db does not call compressible are sent as they are, among them .xlsx files, which are zip
 * archives already. The built web app's files are compressed at build time instead (web-app.ts).
 * Request bodies are not decompressed: no client sends them compressed.
 */
export default fp(
  async (fastify) => {
    await fastify.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], globalDecompression: false })
  },
  { name: 'compression' },
)
