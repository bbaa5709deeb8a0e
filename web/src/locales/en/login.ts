export default {
  title: 'Sign in',
  tenantCode: 'District code',
  tenantCodePlaceholder: '6 digits, e.g. 330902 (optional)',
  username: 'Username',
  usernamePlaceholder: 'Enter your username',
  password: 'Password',
  passwordPlaceholder: 'Enter your password',
  submit: 'Sign in',
  tenantCodeFormat: 'The district code has 6 digits',
  usernameRequired: 'Enter your username',
  passwordRequired: 'Enter your password',
}
