import { uuidv7, type Executor } from '@eldercare/db'
import {
  DEFAULT_INSTITUTION_SETTINGS,
  awardedGrade,
  gradeForScore,
  periodDueOn,
  previousMonth,
  ratingValidUntil,
  type BedFigures,
  type InstitutionOwnership,
} from '@eldercare/shared'
import type { FastifyInstance } from 'fastify'
import type { AuditActor } from '../audit/audit.repository.js'
import { shanghaiDayStart, shanghaiToday } from '../http/dates.js'
import { figureChangedAt } from '../institutions/bed-reports.service.js'
import { communityKey } from '../regions/community-names.js'
import type { Random } from './random.js'

/** Institutions added to the five of the facility plan, so the district has about a dozen. */
const EXTRA_INSTITUTIONS = 7
const MONTHS = 12
const OWNERSHIPS: InstitutionOwnership[] = ['public', 'public', 'private', 'public_built_private_run']
const ASSESSORS = ['王建国', '李秀英', '陈志强', '周丽华', '张海峰']

/** A month's figures near the last ones: beds rarely change, occupancy and staff drift a little. */
function nextFigures(last: BedFigures | null, random: Random): BedFigures {
  const totalBeds = last?.totalBeds ?? random.int(4, 30) * 10
  const nursingBeds = last?.nursingBeds ?? Math.round(totalBeds * (0.4 + random.next() * 0.4))
  const dementiaBeds = last?.dementiaBeds ?? (random.chance(0.6) ? Math.round(totalBeds * random.next() * 0.15) : 0)
  const closedBeds = random.chance(0.15) ? random.int(1, Math.max(1, Math.floor(totalBeds / 20))) : 0
  const open = totalBeds - closedBeds
  const drift = Math.max(1, Math.round(totalBeds / 50))
  const occupiedBeds = Math.max(0, Math.min(open, last ? last.occupiedBeds + random.int(-drift, drift) : Math.round(open * (0.6 + random.next() * 0.35))))
  const occupiedNursingBeds = Math.min(nursingBeds, Math.round(occupiedBeds * (nursingBeds / totalBeds)))
  const occupiedDementiaBeds = Math.min(dementiaBeds, occupiedBeds - occupiedNursingBeds, Math.round(dementiaBeds * 0.8))
  const residentsDependent = Math.round(occupiedBeds * 0.35)
  const residentsPartlyDependent = Math.round(occupiedBeds * 0.3)
  const caregivers = Math.max(2, last ? last.caregivers + random.int(-1, 1) : Math.round(occupiedBeds / (3 + random.next() * 2)))
  return {
    totalBeds,
    nursingBeds,
    dementiaBeds,
    closedBeds,
    occupiedBeds,
    occupiedNursingBeds,
    occupiedDementiaBeds,
    residentsSelfCare: occupiedBeds - residentsDependent - residentsPartlyDependent,
    residentsPartlyDependent,
    residentsDependent,
    certifiedCaregivers: Math.min(caregivers, last ? last.certifiedCaregivers + random.int(0, 1) : Math.round(caregivers * (0.6 + random.next() * 0.4))),
    caregivers,
  }
}

const earlier = (a: Date, b: Date) => (a < b ? a : b)

/** The start (Asia/Shanghai) of the month after a period `YYYY-MM`: no report of the period is filed before it. */
function monthAfter(period: string): Date {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return shanghaiDayStart(new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10))
}

/** Section scores adding up to about `total`, each within its section's points. */
function scoresFor(total: number) {
  return DEFAULT_INSTITUTION_SETTINGS.ratingSections.map((section) => ({ ...section, score: Math.round((section.maxPoints * total) / 1000) }))
}

/**
 * About a dozen institutions across the towns, public and private, with profiles, 12 months of bed
 * reports and star ratings of mixed grades, some expired and one running out soon. Every fourth one has
 * not filed last month (the reporter's among them, so the reminder shows), the next one waits for review.
 */
export async function seedDemoInstitutions(
  app: FastifyInstance,
  tenantId: string,
  actor: AuditActor,
  people: { reporterInstitutionId: string; assessorUserId: string },
  random: Random,
  now: Date,
  tx: Executor,
) {
  const communities = (await app.regionsRepository.list(tenantId, { level: 'community' }, tx)).sort((a, b) => a.code.localeCompare(b.code))
  for (let i = 0; i < EXTRA_INSTITUTIONS; i++) {
    const host = communities[Math.floor(((i + 0.5) * communities.length) / EXTRA_INSTITUTIONS)]!
    const id = uuidv7()
    const name = `${communityKey(host.name)}${i % 2 === 0 ? '颐养院' : '敬老院'}`
    const openedOn = `${random.int(2010, 2021)}-${String(random.int(1, 12)).padStart(2, '0')}-01`
    await app.facilitiesRepository.insert(
      {
        tenantId,
        id,
        name,
        type: 'institution',
        communityCode: host.code,
        address: `${communityKey(host.name)}${random.int(1, 188)}号`,
        operatorOrg: i % 3 === 0 ? '舟山颐康养老服务有限公司' : '定海区社会福利中心',
        openedOn,
      },
      tx,
    )
    // A union joined a year or more after opening: figures of the years before count it out.
    if (random.chance(0.4)) await app.facilitiesRepository.insertTagPeriods([{ tenantId, id: uuidv7(), facilityId: id, tag: 'health_union', validFrom: `${random.int(2022, 2024)}-${String(random.int(1, 12)).padStart(2, '0')}-01` }], tx)
    await app.auditRepository.record(actor, { action: 'facility.create', entityType: 'facility', entityId: id, changes: { name: { to: name } } }, tx)
  }

  const institutions = await app.institutionsRepository.allInstitutions(tenantId, {}, tx)
  const ordered = [...institutions.filter((row) => row.id === people.reporterInstitutionId), ...institutions.filter((row) => row.id !== people.reporterInstitutionId)]
  const today = shanghaiToday(now)
  const lastPeriod = periodDueOn(today)
  const periods: string[] = []
  for (let period = lastPeriod; periods.length < MONTHS; period = previousMonth(period)) periods.unshift(period)
  let reports = 0
  for (const [index, institution] of ordered.entries()) {
    let last: { figures: BedFigures; changedAt: Record<string, string> } | null = null
    for (const period of periods) {
      const isLast = period === lastPeriod
      if (period < institution.openedOn.slice(0, 7) || (isLast && index % 4 === 0)) continue
      const figures = nextFigures(last?.figures ?? null, random)
      // Filed on the 5th of the next month and approved three days later, or, early in the month, as
      // far as today has come: filed a little before now, and still waiting for review.
      const filedAt = earlier(shanghaiDayStart(`${period}-01`, 35), new Date(now.getTime() - 10 * 60_000))
      const approvedAt = shanghaiDayStart(`${period}-01`, 38)
      if (filedAt < monthAfter(period)) continue
      const changedAt = figureChangedAt(figures, last, null, filedAt)
      const status = (isLast && index % 4 === 1) || approvedAt > now ? 'submitted' : 'approved'
      await app.institutionsRepository.insertReport(
        {
          tenantId,
          id: uuidv7(),
          facilityId: institution.id,
          period,
          status,
          ...figures,
          figureChangedAt: changedAt,
          submittedAt: filedAt,
          decidedAt: status === 'approved' ? approvedAt : null,
        },
        tx,
      )
      reports++
      if (status === 'approved') last = { figures, changedAt }
    }
    await app.institutionsRepository.upsertProfile(
      {
        tenantId,
        facilityId: institution.id,
        ownership: OWNERSHIPS[index % OWNERSHIPS.length]!,
        licenceNo: `浙民养备330902${String(index + 1).padStart(3, '0')}`,
        licensedOn: institution.openedOn,
        licensedBeds: last?.figures.totalBeds ?? null,
      },
      tx,
    )

    // Most are rated once or twice; two were rated long ago and have expired, one runs out within 90 days, some never applied.
    if (index % 5 === 4) continue
    const daysAgo = (days: number) => shanghaiToday(shanghaiDayStart(today, -days))
    const assessments =
      index === 3 || index === 7 ? [daysAgo(1300)] : index === 2 ? [daysAgo(3 * 365 - 40)] : index % 2 === 0 ? [daysAgo(1600), daysAgo(300)] : [daysAgo(500 + index * 20)]
    for (const [k, assessedOn] of assessments.entries()) {
      const sectionScores = scoresFor(300 + random.int(0, 12) * 50)
      const totalScore = sectionScores.reduce((sum, section) => sum + section.score, 0)
      const scoredGrade = gradeForScore(totalScore, DEFAULT_INSTITUTION_SETTINGS.gradeThresholds)
      await app.institutionsRepository.insertRating(
        {
          tenantId,
          id: uuidv7(),
          facilityId: institution.id,
          assessedOn,
          assessors: [ASSESSORS[(index + k) % ASSESSORS.length]!, ASSESSORS[(index + k + 2) % ASSESSORS.length]!],
          sectionScores,
          totalScore,
          scoredGrade,
          grade: awardedGrade(scoredGrade, k === 0, DEFAULT_INSTITUTION_SETTINGS.firstRatingMaxGrade),
          firstRating: k === 0,
          validUntil: ratingValidUntil(assessedOn, DEFAULT_INSTITUTION_SETTINGS.ratingValidityYears),
          createdBy: people.assessorUserId,
        },
        tx,
      )
    }
  }
  await app.auditRepository.record(actor, { action: 'bed_report.import', entityType: 'bed_report', entityId: 'demo', changes: { reports: { to: reports } } }, tx)
}
