/** 公办 public, 民办 private, 公建民营 public-built and privately run. */
export const INSTITUTION_OWNERSHIPS = ['public', 'private', 'public_built_private_run'] as const

/**
 * The figures of one monthly bed report, in the order the form shows them. Counts are checked by
 * {@link checkBedFigures}, not by the schema, so every refused figure gets a message naming it.
 */
export const BED_FIGURE_FIELDS = [
  'totalBeds',
  'nursingBeds',
  'dementiaBeds',
  'closedBeds',
  'occupiedBeds',
  'occupiedNursingBeds',
  'occupiedDementiaBeds',
  'residentsSelfCare',
  'residentsPartlyDependent',
  'residentsDependent',
  'certifiedCaregivers',
  'caregivers',
] as const

export const BED_REPORT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const
