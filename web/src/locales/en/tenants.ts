export default {
  code: 'District code',
  codePlaceholder: '6-digit area code, e.g. 330902',
  name: 'District name',
  createdAt: 'Created',
  createTitle: 'New district',
  adminSection: 'First administrator',
  adminUsername: 'Admin username',
  adminDisplayName: 'Admin name',
  adminPassword: 'Initial password',
  created: 'District created; the administrator must change the password at first sign-in',
  codeFormat: 'The district code has 6 digits',
  nameRequired: 'Enter the district name',
}
