// One file per domain, so a feature's texts are found and changed beside each other.
import { clientErrors, errors } from './errors'
import app from './app'
import common from './common'
import route from './route'
import roles from './roles'
import layout from './layout'
import login from './login'
import account from './account'
import home from './home'
import users from './users'
import regions from './regions'
import audit from './audit'
import tenants from './tenants'
import facilities from './facilities'
import elders from './elders'
import meals from './meals'
import subsidyRules from './subsidy-rules'
import settlements from './settlements'
import subsidyChecks from './subsidy-checks'
import kitchenOrders from './kitchen-orders'
import careCards from './care-cards'
import allowances from './allowances'
import institutions from './institutions'
import bedReports from './bed-reports'
import starRatings from './star-ratings'
import institutionSettings from './institution-settings'
import indicators from './indicators'
import dashboard from './dashboard'
import concentratedCare from './concentrated-care'
import population from './population'
import targets from './targets'
import errorPage from './error-page'

const zhCN = {
  app,
  common,
  route,
  roles,
  layout,
  login,
  account,
  home,
  users,
  regions,
  audit,
  tenants,
  facilities,
  elders,
  meals,
  subsidyRules,
  settlements,
  subsidyChecks,
  kitchenOrders,
  careCards,
  allowances,
  institutions,
  bedReports,
  starRatings,
  institutionSettings,
  indicators,
  dashboard,
  concentratedCare,
  population,
  targets,
  errorPage,
  errors,
  clientErrors,
}

export type MessageSchema = typeof zhCN

export default zhCN
