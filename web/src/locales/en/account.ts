export default {
  title: 'Change password',
  forcedNotice: 'After the first sign-in or a password reset, set a new password before you continue.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  passwordHint: '8 or more characters with letters and digits',
  currentRequired: 'Enter your current password',
  newWeak: 'Use 8 or more characters with letters and digits',
  sameAsCurrent: 'The new password must differ from the current one',
  confirmMismatch: 'The two new passwords differ',
  success: 'Password changed',
}
