import type { Role } from '@eldercare/shared'

/** The same roles as the API routes: who sees institutions, who files bed reports, who reviews and rates. */
export const INSTITUTION_READERS: readonly Role[] = ['bureau_admin', 'bureau_staff', 'town_staff', 'institution_reporter']
export const BED_REPORT_FILERS: readonly Role[] = ['bureau_admin', 'bureau_staff', 'institution_reporter']
export const BUREAU: readonly Role[] = ['bureau_admin', 'bureau_staff']
export const FIGURE_READERS: readonly Role[] = ['bureau_admin', 'bureau_staff', 'town_staff']
