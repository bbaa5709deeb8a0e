export default {
  login: 'Sign in',
  home: 'Home',
  users: 'Users',
  regions: 'Regions',
  audit: 'Audit log',
  tenants: 'Districts',
  changePassword: 'Change password',
  forbidden: 'Forbidden',
  notFound: 'Not found',
}
