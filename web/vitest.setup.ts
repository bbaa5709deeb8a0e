// Form validation failures are what several tests provoke on purpose; async-validator would log each one.
Object.assign(globalThis, { ASYNC_VALIDATOR_NO_WARNING: true })

// The counter keeps its outbox and snapshot in IndexedDB, which happy-dom does not have.
import 'fake-indexeddb/auto'
