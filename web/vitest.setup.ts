// Form validation failures are what several tests provoke on purpose; async-validator would log each one.
Object.assign(globalThis, { ASYNC_VALIDATOR_NO_WARNING: true })
