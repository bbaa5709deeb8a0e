export * from './tenants.js'
export * from './regions.js'
export * from './users.js'
export * from './audit-events.js'
