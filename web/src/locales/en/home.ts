export default {
  welcome: 'Welcome, {name}',
  intro: 'Workspaces for meals, facilities, care cards and indicators will appear here.',
  tenant: 'District',
  role: 'Role',
  scope: 'Data scope',
  scopePlatform: 'Whole platform',
  scopeDistrict: 'Whole district',
  scopeFacilities: '{count} canteen(s) or institution(s)',
  scopeNone: 'Not assigned yet',
}
