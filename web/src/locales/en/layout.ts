export default {
  language: 'Language',
  changePassword: 'Change password',
  logout: 'Sign out',
  logoutConfirm: 'Sign out now?',
  toggleMenu: 'Expand or collapse the menu',
}
