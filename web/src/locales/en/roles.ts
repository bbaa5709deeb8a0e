export default {
  platform_admin: 'Platform operator',
  bureau_admin: 'Bureau administrator',
  bureau_staff: 'Bureau staff',
  town_staff: 'Town staff',
  canteen_operator: 'Canteen operator',
  institution_reporter: 'Institution reporter',
}
