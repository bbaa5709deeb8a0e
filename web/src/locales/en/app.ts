export default {
  name: 'Elderly Meal Service',
  update: { ready: 'A new version is ready; update when you are between meals', apply: 'Update' },
}
