export default {
  name: 'Elderly Meal Service',
}
