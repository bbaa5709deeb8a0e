import { fileURLToPath } from 'node:url'

/** Screenshots and the server log, kept by CI; git-ignored. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts', import.meta.url))
