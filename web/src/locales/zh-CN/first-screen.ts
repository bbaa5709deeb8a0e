// What the pages open before sign-in need (sign-in, 404, the language switch, the request client's
// errors): these come with the app. Every other domain follows with the whole of ./index before the
// first signed-in page opens (loadPageMessages in ../index.ts), so the sign-in page carries none of it.
import { clientErrors, errors } from './errors'
import app from './app'
import common from './common'
import route from './route'
import layout from './layout'
import login from './login'
import errorPage from './error-page'

export default { app, common, route, layout, login, errorPage, errors, clientErrors }
