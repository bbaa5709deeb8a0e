import type { RosterImportResult } from '@eldercare/shared'
import { importRoster } from '../../api/elders'
import { useXlsxImport } from '../../composables/use-xlsx-import'

/**
 * The roster import. Up to the server's body limit for a roster; a real run is refused as a whole when the
 * roster changed since the dry run (someone moved an elder out of scope, say).
 */
export function useElderImport(onImported: (result: RosterImportResult) => void) {
  return useXlsxImport(
    {
      upload: importRoster,
      rowErrors: (result) => result.issues,
      refusalCode: 'ROSTER_IMPORT_INVALID',
      maxBytes: 30 * 1024 * 1024,
      scope: 'elders',
    },
    onImported,
  )
}
