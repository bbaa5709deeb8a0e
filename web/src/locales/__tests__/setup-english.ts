import { loadLocaleMessages } from '..'

// A setup file of the component tests: the app fetches English when it is first chosen, the tests
// switch languages synchronously.
await loadLocaleMessages('en')
