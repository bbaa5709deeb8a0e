export default {
  NETWORK_ERROR: 'Cannot reach the server. Check the network and try again.',
  UNEXPECTED_RESPONSE: 'The server sent an unexpected response. Try again later.',
}
