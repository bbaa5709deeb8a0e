import { loadLocaleMessages, loadPageMessages } from '..'

// A setup file of the component tests: the app fetches English when it is first chosen, the tests
// switch languages synchronously.
await loadLocaleMessages('en')
// Components are mounted without the router's guard, which fetches Chinese beyond the sign-in page's.
await loadPageMessages()
