/** The kinds of subsidy check (防骗补); see domain.md "Subsidy checks". */
export const SUBSIDY_CHECK_KINDS = ['after_death', 'after_move', 'two_places', 'delegate_heavy', 'external_list'] as const

/** A finding waits for review (open) until the bureau confirms it, or town or bureau staff dismiss it. */
export const FINDING_STATUSES = ['open', 'confirmed', 'dismissed'] as const
