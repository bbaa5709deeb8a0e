import { distanceKm } from './geo.js'
import { statusOn } from './elder-status.js'
import type { ElderStatus } from './schemas/elders.js'
import type { SubsidyCheckKind } from './schemas/subsidy-checks.js'

/** One row of an elder's dated status history, oldest first. */
export interface CheckStatusRow {
  status: ElderStatus
  effectiveFrom: string
  institutionId: string | null
}

/** A stored meal as the checks read it (voided meals are left out before). */
export interface CheckMeal {
  id: string
  elderId: string
  facilityId: string
  servedOn: string
  slot: string
  subsidyFen: number
  collectedByDelegateId: string | null
  recordedBy: string
  recordedAt: Date
}

/** An allowance credited to an elder's card: the ledger entry and the Asia/Shanghai day it was credited. */
export interface CheckAllowance {
  id: string
  elderId: string
  cardId: string
  creditedOn: string
  amountFen: number
}

export interface CheckFacility {
  id: string
  latitude: number | null
  longitude: number | null
  /** The island of the facility's community; null is the main island (舟山本岛), as in regions. */
  island: string | null
}

/**
 * The shortest plausible crossing between two islands, either way (a ferry and the walk to it). null
 * names the main island. Two meals on those islands closer in time than this are a `two_places` finding.
 */
export interface IslandCrossing {
  from: string | null
  to: string | null
  minutes: number
}

/** The settings the checks compare against; a tenant without its own uses `DEFAULT_CHECK_SETTINGS`. */
export interface CheckSettings {
  /** Two places farther apart than this, the same day, are a `two_places` finding. */
  twoPlacesKm: number
  /** A delegate share this many times the district's is `delegate_heavy`. */
  delegateShareFactor: number
  /** Fewer meals than this in a month say nothing about a share. */
  delegateMinMeals: number
  /** Island pairs with their crossing time; a pair not listed is judged by distance alone. */
  islandCrossings: IslandCrossing[]
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = { twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [] }

/**
 * What a check found, before it is stored. `key` names the finding for good: the same key found again
 * is the same finding, so it is raised once. `mealRecordIds` and `ledgerEntryIds` are what confirming
 * recovers; `amountFen` is their subsidy or allowance.
 */
export interface FindingDraft {
  kind: SubsidyCheckKind
  key: string
  elderId: string | null
  facilityId: string | null
  /** The month of a `delegate_heavy` finding, else the first day involved. */
  period: string
  mealRecordIds: string[]
  ledgerEntryIds: string[]
  amountFen: number
  evidence: Record<string, unknown>
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const key = keyOf(row)
    const group = groups.get(key)
    if (group) group.push(row)
    else groups.set(key, [row])
  }
  return groups
}

const byDay = (a: CheckMeal, b: CheckMeal) => a.servedOn.localeCompare(b.servedOn) || a.id.localeCompare(b.id)

/** Meals grouped per elder and facility into one finding each, keyed by its first meal. */
function mealFindings(kind: SubsidyCheckKind, meals: CheckMeal[], evidence: (meals: CheckMeal[]) => Record<string, unknown>): FindingDraft[] {
  return [...groupBy(meals, (meal) => `${meal.elderId}:${meal.facilityId}`).values()].map((group) => {
    group.sort(byDay)
    const first = group[0]!
    return {
      kind,
      key: `${kind}:meal:${first.id}`,
      elderId: first.elderId,
      facilityId: first.facilityId,
      period: first.servedOn,
      mealRecordIds: group.map((meal) => meal.id),
      ledgerEntryIds: [],
      amountFen: sum(group.map((meal) => meal.subsidyFen)),
      evidence: evidence(group),
    }
  })
}

/** The first day of the elder's latest spell of death (a status after it, a correction, ends it). */
function deathDay(history: readonly CheckStatusRow[], day: string): string | null {
  const current = statusOn(history, day)
  return current?.status === 'deceased' ? current.effectiveFrom : null
}

/**
 * `after_death`: subsidised meals served, and allowances credited, on or after the elder's date of
 * death (the day itself included: the status holds from its first day).
 */
export function afterDeath(histories: ReadonlyMap<string, readonly CheckStatusRow[]>, meals: readonly CheckMeal[], allowances: readonly CheckAllowance[]): FindingDraft[] {
  const flagged = meals.filter((meal) => meal.subsidyFen > 0 && deathDay(histories.get(meal.elderId) ?? [], meal.servedOn) !== null)
  const findings = mealFindings('after_death', flagged, (group) => ({ deceasedOn: deathDay(histories.get(group[0]!.elderId)!, group[0]!.servedOn) }))
  const credited = allowances.filter((entry) => deathDay(histories.get(entry.elderId) ?? [], entry.creditedOn) !== null)
  for (const group of groupBy(credited, (entry) => entry.cardId).values()) {
    group.sort((a, b) => a.creditedOn.localeCompare(b.creditedOn) || a.id.localeCompare(b.id))
    const first = group[0]!
    findings.push({
      kind: 'after_death',
      key: `after_death:ledger:${first.id}`,
      elderId: first.elderId,
      facilityId: null,
      period: first.creditedOn,
      mealRecordIds: [],
      ledgerEntryIds: group.map((entry) => entry.id),
      amountFen: sum(group.map((entry) => entry.amountFen)),
      evidence: { deceasedOn: deathDay(histories.get(first.elderId)!, first.creditedOn), cardId: first.cardId },
    })
  }
  return findings
}

/**
 * `after_move`: subsidised meals served while the elder had moved away, or lived in an institution
 * other than the serving facility (an institution that runs its own canteen feeds its residents). A
 * move back (在册 again) ends it from that day. An institution the history does not name is flagged:
 * the reviewer knows which it was.
 */
export function afterMove(histories: ReadonlyMap<string, readonly CheckStatusRow[]>, meals: readonly CheckMeal[]): FindingDraft[] {
  const statusAt = (meal: CheckMeal) => statusOn(histories.get(meal.elderId) ?? [], meal.servedOn)
  const flagged = meals.filter((meal) => {
    const status = statusAt(meal)
    if (meal.subsidyFen <= 0 || !status) return false
    return status.status === 'moved_away' || (status.status === 'in_institution' && status.institutionId !== meal.facilityId)
  })
  return mealFindings('after_move', flagged, (group) => {
    const status = statusAt(group[0]!)!
    return { status: status.status, effectiveFrom: status.effectiveFrom, institutionId: status.institutionId }
  })
}

const byRecorded = (a: CheckMeal, b: CheckMeal) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.id.localeCompare(b.id)

/** The crossing minutes the settings give two islands (in either order); null for one island or a pair not set. */
export function crossingMinutes(crossings: readonly IslandCrossing[], a: string | null, b: string | null): number | null {
  if (a === b) return null
  const pair = crossings.find((crossing) => (crossing.from === a && crossing.to === b) || (crossing.from === b && crossing.to === a))
  return pair ? pair.minutes : null
}

/** Two meals of one elder-day on islands whose crossing takes longer than the time between them. */
export interface ImplausibleCrossing {
  earlier: CheckMeal
  later: CheckMeal
  islands: [string | null, string | null]
  crossingMinutes: number
  gapMinutes: number
}

const MINUTE_MS = 60_000

/**
 * The first pair of one elder-day's meals (in the order recorded) whose islands are farther apart in
 * crossing time than the meals are in recorded time. Exactly the crossing time is plausible: the ferry
 * made it. Facilities of unknown island are not compared.
 */
export function implausibleCrossing(day: readonly CheckMeal[], facilities: ReadonlyMap<string, CheckFacility>, crossings: readonly IslandCrossing[]): ImplausibleCrossing | null {
  if (crossings.length === 0) return null
  const sorted = [...day].sort(byRecorded)
  for (let j = 1; j < sorted.length; j++) {
    const later = sorted[j]!
    const laterPlace = facilities.get(later.facilityId)
    if (!laterPlace) continue
    for (let i = 0; i < j; i++) {
      const earlier = sorted[i]!
      const earlierPlace = facilities.get(earlier.facilityId)
      if (!earlierPlace) continue
      const minutes = crossingMinutes(crossings, earlierPlace.island, laterPlace.island)
      const gapMs = later.recordedAt.getTime() - earlier.recordedAt.getTime()
      if (minutes !== null && gapMs < minutes * MINUTE_MS) {
        return { earlier, later, islands: [earlierPlace.island, laterPlace.island], crossingMinutes: minutes, gapMinutes: Math.floor(gapMs / MINUTE_MS) }
      }
    }
  }
  return null
}

/** The farthest place from the day's first meal beyond the distance setting, if any. */
function farthestPlace(sorted: readonly CheckMeal[], facilities: ReadonlyMap<string, CheckFacility>, twoPlacesKm: number): { facilityId: string; km: number } | null {
  const first = sorted[0]!
  const origin = facilities.get(first.facilityId)
  if (!origin || origin.latitude === null || origin.longitude === null) return null
  let farthest: { facilityId: string; km: number } | null = null
  for (const meal of sorted) {
    const place = facilities.get(meal.facilityId)
    if (meal.facilityId === first.facilityId || !place || place.latitude === null || place.longitude === null) continue
    const km = distanceKm({ latitude: origin.latitude, longitude: origin.longitude }, { latitude: place.latitude, longitude: place.longitude })
    if (km > twoPlacesKm && (!farthest || km > farthest.km)) farthest = { facilityId: meal.facilityId, km }
  }
  return farthest
}

/**
 * `two_places`: one elder served the same day at facilities farther apart than the distance setting,
 * or on two islands closer in time than the crossing between them (a setting per island pair). The
 * place recorded first stands (for islands, the earlier meal of the pair); the subsidy of the meals at
 * the other place is what confirming recovers. One finding per elder-day; distance is looked at first.
 * Facilities without coordinates are not measured.
 */
export function twoPlaces(meals: readonly CheckMeal[], facilities: ReadonlyMap<string, CheckFacility>, settings: Pick<CheckSettings, 'twoPlacesKm'> & Partial<Pick<CheckSettings, 'islandCrossings'>>): FindingDraft[] {
  const findings: FindingDraft[] = []
  for (const day of groupBy(meals, (meal) => `${meal.elderId}:${meal.servedOn}`).values()) {
    const sorted = [...day].sort(byRecorded)
    const first = sorted[0]!
    const atPlace = (facilityId: string) => sorted.filter((meal) => meal.facilityId === facilityId)
    const farthest = farthestPlace(sorted, facilities, settings.twoPlacesKm)
    const crossing = farthest ? null : implausibleCrossing(sorted, facilities, settings.islandCrossings ?? [])
    if (!farthest && !crossing) continue
    const stays = crossing ? crossing.earlier.facilityId : first.facilityId
    const other = crossing ? crossing.later.facilityId : farthest!.facilityId
    const recovered = atPlace(other)
    const evidence: Record<string, unknown> = { firstFacilityId: stays, firstMealRecordIds: atPlace(stays).map((meal) => meal.id) }
    if (farthest) evidence.distanceKm = Math.round(farthest.km * 10) / 10
    if (crossing) {
      Object.assign(evidence, {
        islands: crossing.islands,
        recordedAt: [crossing.earlier.recordedAt.toISOString(), crossing.later.recordedAt.toISOString()],
        crossingMinutes: crossing.crossingMinutes,
        gapMinutes: crossing.gapMinutes,
      })
    }
    findings.push({
      kind: 'two_places',
      key: `two_places:${first.elderId}:${first.servedOn}`,
      elderId: first.elderId,
      facilityId: other,
      period: first.servedOn,
      mealRecordIds: recovered.map((meal) => meal.id),
      ledgerEntryIds: [],
      amountFen: sum(recovered.map((meal) => meal.subsidyFen)),
      evidence,
    })
  }
  return findings
}

/** A month's meal counts of one facility or one operator: all of them, and those a delegate collected. */
export interface DelegateCount {
  month: string
  facilityId: string | null
  operatorId: string | null
  meals: number
  delegateMeals: number
}

/**
 * `delegate_heavy`: a facility or an operator whose share of meals collected by delegates (代领) in a
 * month is more than the setting's factor times the district's share that month. It is a signal to
 * look at, not money to recover: confirming it recovers nothing by itself.
 */
export function delegateHeavy(counts: readonly DelegateCount[], settings: Pick<CheckSettings, 'delegateShareFactor' | 'delegateMinMeals'>): FindingDraft[] {
  const findings: FindingDraft[] = []
  for (const [month, rows] of groupBy(counts, (row) => row.month)) {
    const facilities = rows.filter((row) => row.facilityId !== null)
    const districtMeals = sum(facilities.map((row) => row.meals))
    if (districtMeals === 0) continue
    const districtShare = sum(facilities.map((row) => row.delegateMeals)) / districtMeals
    for (const row of rows) {
      if (row.meals < settings.delegateMinMeals) continue
      const share = row.delegateMeals / row.meals
      if (share <= districtShare * settings.delegateShareFactor || share === 0) continue
      const who = row.facilityId ? `facility:${row.facilityId}` : `operator:${row.operatorId}`
      findings.push({
        kind: 'delegate_heavy',
        key: `delegate_heavy:${who}:${month}`,
        elderId: null,
        facilityId: row.facilityId,
        period: month,
        mealRecordIds: [],
        ledgerEntryIds: [],
        amountFen: 0,
        evidence: { month, operatorId: row.operatorId, meals: row.meals, delegateMeals: row.delegateMeals, share: Math.round(share * 1000) / 1000, districtShare: Math.round(districtShare * 1000) / 1000 },
      })
    }
  }
  return findings
}
