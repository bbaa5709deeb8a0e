/** Only paths inside this app may follow sign-in; anything else (`//evil.example`, `https:`) goes home. */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  return value
}
