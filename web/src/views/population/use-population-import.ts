import type { PopulationBasis, PopulationImportResult } from '@eldercare/shared'
import { importPopulationStats } from '../../api/indicators'
import { useXlsxImport, type XlsxRowError } from '../../composables/use-xlsx-import'

/** The server's error codes are not shown, only where each error is and what it says. */
function rowErrors(result: PopulationImportResult): XlsxRowError[] {
  return result.errors.map(({ row, column, message }) => ({ line: row, column: column ?? null, message }))
}

/**
 * The population import, for the year and basis `target` names when the file is sent. Any error refuses the
 * whole file, in the dry run too. One community a line: a statistics file is small, so anything over 5 MB is the wrong file.
 */
export function usePopulationImport(target: () => { year: number; basis: PopulationBasis }, onImported: (result: PopulationImportResult) => void) {
  return useXlsxImport(
    {
      upload: (file, dryRun) => importPopulationStats(file, { ...target(), dryRun }),
      rowErrors,
      refusalCode: 'POPULATION_IMPORT_INVALID',
      maxBytes: 5 * 1024 * 1024,
      scope: 'population',
    },
    onImported,
  )
}
