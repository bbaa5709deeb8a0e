import fp from 'fastify-plugin'
import { createPii, type Pii } from './pii.js'

declare module 'fastify' {
  interface FastifyInstance {
    pii: Pii
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('pii', createPii(fastify.secrets.piiKey))
  },
  { name: 'pii' },
)
