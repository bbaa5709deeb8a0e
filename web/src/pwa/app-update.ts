import { ref } from 'vue'

/** True when a new version of the app is downloaded and waits for the operator's go-ahead. */
export const updateWaiting = ref(false)

let activate: (() => Promise<void>) | null = null

/** Called by the service worker registration when a new version is ready. */
export function offerUpdate(apply: () => Promise<void>): void {
  activate = apply
  updateWaiting.value = true
}

/** The operator agreed: the new version takes over and the page reloads into it. */
export async function applyUpdate(): Promise<void> {
  updateWaiting.value = false
  await activate?.()
}
