export default {
  forbidden: 'You are not allowed to open this page',
  notFound: 'This page does not exist',
}
