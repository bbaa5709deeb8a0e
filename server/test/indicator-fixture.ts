import { schema } from '@eldercare/db'
import { DEFAULT_INDICATOR_SETTINGS, type BedFigures } from '@eldercare/shared'
import { and, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { identityColumns } from '../src/elders/elder-identity.js'
import type { CareNeedFacts, IndicatorFacts } from '../src/indicators/indicator-facts.js'
import { makeIdNumber } from './id-numbers.js'

/**
 * A small district whose indicators were worked out by hand (see indicator-figures.test.ts): two towns,
 * four communities, a facility closed mid-year, a service area moved mid-year, a rating expiring on
 * 30 June 2024, a community without a population figure, a tag given from 1 October, an institution that
 * starts serving meals, and elders needing concentrated care by each route of eligibility, one of them
 * moving into an institution mid-year. The same rows feed the pure functions and, written to a database,
 * the API. The database also gets meals stored or voided days after they were served (FIXTURE_MEALS) and a
 * bed report submitted, returned and resubmitted (RESUBMITTED_REPORT): figures as of a day count them as
 * they stood that day.
 */
export const CODE = '330911'
export const T1 = `${CODE}001`
export const T2 = `${CODE}100`
export const C1 = `${CODE}001001` // urban, main island
export const C2 = `${CODE}001200` // rural
export const C3 = `${CODE}100200` // rural, 测试岛, no population figure, no coordinates
export const C4 = `${CODE}100001` // urban, 测试岛

export const F1 = '00000000-0000-4000-8000-0000000000f1'
export const F2 = '00000000-0000-4000-8000-0000000000f2'
export const F3 = '00000000-0000-4000-8000-0000000000f3'
export const F4 = '00000000-0000-4000-8000-0000000000f4'
export const I1 = '00000000-0000-4000-8000-0000000000a1'
export const I2 = '00000000-0000-4000-8000-0000000000a2'
export const I3 = '00000000-0000-4000-8000-0000000000a3'
/** Elders with a recorded need of concentrated care (E5 is 特困 without one). */
export const E1 = '00000000-0000-4000-8000-0000000000e1'
export const E2 = '00000000-0000-4000-8000-0000000000e2'
export const E3 = '00000000-0000-4000-8000-0000000000e3'
export const E4 = '00000000-0000-4000-8000-0000000000e4'
export const E5 = '00000000-0000-4000-8000-0000000000e5'
export const E6 = '00000000-0000-4000-8000-0000000000e6'

const towns = [
  { code: T1, name: '测试街道' },
  { code: T2, name: '海岛镇' },
]

const communities: IndicatorFacts['communities'] = [
  { code: C1, name: '一号社区居委会', townCode: T1, urbanRural: 'urban', island: null, latitude: 30.0, longitude: 122.0 },
  { code: C2, name: '二号村委会', townCode: T1, urbanRural: 'rural', island: null, latitude: 30.0, longitude: 122.1 },
  { code: C3, name: '海岛村委会', townCode: T2, urbanRural: 'rural', island: '测试岛', latitude: null, longitude: null },
  { code: C4, name: '海岛社区居委会', townCode: T2, urbanRural: 'urban', island: '测试岛', latitude: 30.1, longitude: 122.0 },
]

const facility = (f: Partial<IndicatorFacts['facilities'][number]> & Pick<IndicatorFacts['facilities'][number], 'id' | 'name' | 'type' | 'communityCode' | 'openedOn'>) => ({
  closedOn: null,
  mealSlots: f.type === 'institution' || f.type === 'central_kitchen' ? [] : ['lunch'],
  latitude: null,
  longitude: null,
  ownership: null,
  ...f,
})

const facilities: IndicatorFacts['facilities'] = [
  facility({ id: F1, name: '一号幸福食堂', type: 'canteen', communityCode: C1, openedOn: '2023-05-01', latitude: 30.0, longitude: 122.0 }),
  // Closed mid-year: serves up to 30 June 2024.
  facility({ id: F2, name: '二号助餐点', type: 'meal_point', communityCode: C2, openedOn: '2024-03-01', closedOn: '2024-07-01', latitude: 30.0, longitude: 122.1 }),
  facility({ id: F3, name: '海岛照料中心', type: 'care_center', communityCode: C4, openedOn: '2024-02-10', latitude: 30.1, longitude: 122.05 }),
  facility({ id: F4, name: '海岛中央厨房', type: 'central_kitchen', communityCode: C3, openedOn: '2024-01-05' }),
  facility({ id: I1, name: '公办敬老院', type: 'institution', communityCode: C1, openedOn: '2020-01-01', ownership: 'public' }),
  // Serves no meals: a service area for it is refused.
  facility({ id: I2, name: '民办养老院', type: 'institution', communityCode: C3, openedOn: '2022-01-01', ownership: 'private' }),
  // Serves lunch to the community around it from 1 October: it counts for coverage like a canteen.
  facility({ id: I3, name: '公建民营颐养院', type: 'institution', communityCode: C4, openedOn: '2024-09-01', ownership: 'public_built_private_run', mealSlots: ['lunch'], latitude: 30.1, longitude: 122.0 }),
]

const tagPeriods: IndicatorFacts['tagPeriods'] = [
  { facilityId: F3, tag: 'happiness_hub', validFrom: '2024-02-10', validTo: null },
  // Made a 幸福汇 on 1 October 2024: not one on 30 June.
  { facilityId: F1, tag: 'happiness_hub', validFrom: '2024-10-01', validTo: null },
  { facilityId: F4, tag: 'health_union', validFrom: '2024-01-05', validTo: null },
  { facilityId: I1, tag: 'health_union', validFrom: '2020-01-01', validTo: null },
]

const serviceAreas: IndicatorFacts['serviceAreas'] = [
  { facilityId: F1, communityCode: C1, validFrom: '2023-05-01', validTo: null },
  { facilityId: F2, communityCode: C2, validFrom: '2024-03-01', validTo: null },
  // Moved mid-year: C4 up to 31 May 2024, C3 from 1 June.
  { facilityId: F3, communityCode: C4, validFrom: '2024-02-10', validTo: '2024-06-01' },
  { facilityId: F3, communityCode: C3, validFrom: '2024-06-01', validTo: null },
  { facilityId: I3, communityCode: C4, validFrom: '2024-10-01', validTo: null },
]

const category = (c: CareNeedFacts['categories'][number]['category'], startOn: string, level: CareNeedFacts['categories'][number]['level'] = null) => ({ category: c, level, startOn, endOn: null })

/**
 * 集中供养: E1 特困, moves into I1 on 15 July 2024; E2 低保 and 重度失能, never placed; E3 低边 and 重度失能,
 * in I2 since 2023; E4 低保 but only 中度失能 (not eligible); E6 特困, died on 10 May 2024. E5 (特困, no need
 * recorded) is in the database only: without a recorded need an elder is no part of the figure.
 */
const careNeeds: CareNeedFacts[] = [
  { elderId: E1, name: '赵一', communityCode: C1, categories: [category('destitute', '2020-01-01')], needs: [{ validFrom: '2024-01-01', validTo: null }], statuses: [{ status: 'in_institution', institutionId: I1, effectiveFrom: '2024-07-15' }] },
  {
    elderId: E2,
    name: '钱二',
    communityCode: C2,
    categories: [category('minimum_livelihood', '2021-01-01'), category('disabled', '2022-01-01', 'severe')],
    needs: [{ validFrom: '2024-03-01', validTo: null }],
    statuses: [],
  },
  {
    elderId: E3,
    name: '孙三',
    communityCode: C4,
    categories: [category('marginal_low_income', '2021-01-01'), category('disabled', '2022-01-01', 'severe')],
    needs: [{ validFrom: '2023-06-01', validTo: null }],
    statuses: [{ status: 'in_institution', institutionId: I2, effectiveFrom: '2023-09-01' }],
  },
  {
    elderId: E4,
    name: '李四',
    communityCode: C3,
    categories: [category('minimum_livelihood', '2021-01-01'), category('disabled', '2022-01-01', 'moderate')],
    needs: [{ validFrom: '2023-06-01', validTo: null }],
    statuses: [],
  },
  { elderId: E6, name: '吴六', communityCode: C2, categories: [category('destitute', '2019-01-01')], needs: [{ validFrom: '2024-02-01', validTo: null }], statuses: [{ status: 'deceased', institutionId: null, effectiveFrom: '2024-05-10' }] },
]

const zeroFigures: BedFigures = {
  totalBeds: 0,
  nursingBeds: 0,
  dementiaBeds: 0,
  closedBeds: 0,
  occupiedBeds: 0,
  occupiedNursingBeds: 0,
  occupiedDementiaBeds: 0,
  residentsSelfCare: 0,
  residentsPartlyDependent: 0,
  residentsDependent: 0,
  certifiedCaregivers: 0,
  caregivers: 0,
}
const report = (facilityId: string, period: string, approvedAt: string, f: Pick<BedFigures, 'totalBeds' | 'nursingBeds' | 'dementiaBeds' | 'certifiedCaregivers'>) => ({
  ...zeroFigures,
  ...f,
  caregivers: f.certifiedCaregivers + 2,
  facilityId,
  period,
  approvedAt: new Date(approvedAt),
})

const bedReports: IndicatorFacts['bedReports'] = [
  report(I1, '2024-03', '2024-04-05T10:00:00+08:00', { totalBeds: 100, nursingBeds: 60, dementiaBeds: 10, certifiedCaregivers: 8 }),
  report(I1, '2024-06', '2024-07-10T10:00:00+08:00', { totalBeds: 100, nursingBeds: 70, dementiaBeds: 12, certifiedCaregivers: 9 }),
  report(I2, '2024-05', '2024-06-03T10:00:00+08:00', { totalBeds: 50, nursingBeds: 20, dementiaBeds: 5, certifiedCaregivers: 3 }),
  report(I3, '2024-09', '2024-10-08T10:00:00+08:00', { totalBeds: 40, nursingBeds: 30, dementiaBeds: 0, certifiedCaregivers: 2 }),
]

const ratings: IndicatorFacts['ratings'] = [
  // Valid up to and including 30 June 2024.
  { id: '00000000-0000-4000-8000-0000000000b1', facilityId: I1, grade: 3, assessedOn: '2023-06-30', validUntil: '2024-06-30' },
  { id: '00000000-0000-4000-8000-0000000000b2', facilityId: I2, grade: 4, assessedOn: '2024-01-15', validUntil: '2027-01-14' },
]

/** 2024, 户籍: C3 has no figure. */
const population2024 = new Map([
  [C1, { population60Plus: 400, population80Plus: 50, populationTotal: 2000 }],
  [C2, { population60Plus: 300, population80Plus: 40, populationTotal: 1000 }],
  [C4, { population60Plus: 500, population80Plus: 60, populationTotal: 3000 }],
])

/** A moment of a day in Asia/Shanghai time, noon unless told. */
const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00+08:00`)

export const M1 = '00000000-0000-4000-8000-000000000601'
export const M2 = '00000000-0000-4000-8000-000000000602'
export const M3 = '00000000-0000-4000-8000-000000000603'
export const M4 = '00000000-0000-4000-8000-000000000604'
export const M5 = '00000000-0000-4000-8000-000000000605'
export const COUNTER = '00000000-0000-4000-8000-000000000690'

/**
 * Lunches, all paid in cash, unsubsidised. M1 is served at F1 on 1 November and recorded offline then,
 * but its counter syncs only on 4 November; M2, served and stored on 1 November, is voided on
 * 5 November. At F3, M3 (28 October) is stored that day and M4 (31 October) only on 3 November. At I3,
 * M5 (2 November) is voided on 6 November. So as of 2 November F1 served 1 meal on 1 November (M2) and
 * F3 last served on 28 October; as of 4 November F1 served 2; as of 5 November 1 (M1).
 */
export const FIXTURE_MEALS = [
  { id: M1, elderId: E5, facilityId: F1, servedOn: '2024-11-01', recordedAt: at('2024-11-01', '11:40'), syncedAt: at('2024-11-04', '09:00'), deviceSeq: 1, voidedAt: null },
  { id: M2, elderId: E2, facilityId: F1, servedOn: '2024-11-01', recordedAt: at('2024-11-01', '11:45'), syncedAt: at('2024-11-01', '11:45'), deviceSeq: null, voidedAt: at('2024-11-05', '10:00') },
  { id: M3, elderId: E4, facilityId: F3, servedOn: '2024-10-28', recordedAt: at('2024-10-28'), syncedAt: at('2024-10-28'), deviceSeq: null, voidedAt: null },
  { id: M4, elderId: E4, facilityId: F3, servedOn: '2024-10-31', recordedAt: at('2024-10-31'), syncedAt: at('2024-11-03', '08:00'), deviceSeq: 2, voidedAt: null },
  { id: M5, elderId: E4, facilityId: I3, servedOn: '2024-11-02', recordedAt: at('2024-11-02'), syncedAt: at('2024-11-02'), deviceSeq: null, voidedAt: at('2024-11-06', '09:00') },
] as const

export const R1 = '00000000-0000-4000-8000-000000000701'

/**
 * I1's July 2024 report: submitted on 3 August, returned on 6 August, resubmitted on 12 August and
 * still waiting for review. I2 files no July report.
 */
export const RESUBMITTED_REPORT = {
  id: R1,
  facilityId: I1,
  period: '2024-07',
  submittedAt: at('2024-08-03', '10:00'),
  returnedAt: at('2024-08-06', '15:00'),
  resubmittedAt: at('2024-08-12', '09:00'),
  figures: { ...zeroFigures, totalBeds: 100, nursingBeds: 72, dementiaBeds: 12, certifiedCaregivers: 9, caregivers: 11 },
}

/** The facts of the whole district, or of one town, as the repository reads them. */
export function fixtureFacts(townCode: string | null = null): IndicatorFacts {
  const inTown = (code: string) => townCode === null || code.startsWith(townCode)
  const population: IndicatorFacts['population'] = new Map([
    [2024, new Map([...population2024].filter(([code]) => inTown(code)))],
    [2023, new Map()],
  ])
  return {
    townCode,
    towns: towns.filter((town) => inTown(town.code)),
    communities: communities.filter((community) => inTown(community.code)),
    facilities,
    serviceAreas,
    tagPeriods,
    careNeeds: careNeeds.filter((elder) => inTown(elder.communityCode)),
    bedReports,
    ratings,
    population,
    settings: DEFAULT_INDICATOR_SETTINGS,
  }
}

/** Writes the fixture into a tenant seeded by `seedTenant(app, CODE)` (which made T1, T2, C1, C2 and C3). */
export async function insertIndicatorFixture(app: FastifyInstance, tenantId: string, userId: string): Promise<void> {
  const { regions, facilities: facilityTable, facilityServiceAreas, facilityTagPeriods, institutionProfiles, bedReports: reportTable, starRatings, populationStats } = schema
  const { elders, elderCategories, elderCareNeeds, elderStatusHistory, mealRecords } = schema
  await app.db.transaction(async (tx) => {
    await tx.insert(regions).values({ tenantId, code: C4, name: '海岛社区居委会', level: 'community', parentCode: T2, kind: 'community', urbanRural: 'urban', island: '测试岛' })
    for (const community of communities) {
      await app.regionsRepository.update(tenantId, community.code, { urbanRural: community.urbanRural, island: community.island, latitude: community.latitude, longitude: community.longitude }, tx)
    }
    await tx.insert(facilityTable).values(
      facilities.map((f) => ({
        tenantId,
        id: f.id,
        name: f.name,
        type: f.type as 'canteen',
        communityCode: f.communityCode,
        address: `${f.name}地址`,
        openedOn: f.openedOn,
        closedOn: f.closedOn,
        latitude: f.latitude,
        longitude: f.longitude,
        mealSlots: f.mealSlots as 'lunch'[],
        mealModes: f.mealSlots.length > 0 ? ['dine_in' as const] : [],
      })),
    )
    await tx.insert(facilityTagPeriods).values(tagPeriods.map((period, index) => ({ tenantId, id: `00000000-0000-4000-8000-${String(200 + index).padStart(12, '0')}`, ...period })))
    await tx.insert(facilityServiceAreas).values(serviceAreas.map((area, index) => ({ tenantId, id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, ...area })))
    await tx.insert(institutionProfiles).values(
      facilities.filter((f) => f.type === 'institution').map((f) => ({ tenantId, facilityId: f.id, ownership: f.ownership as 'public' })),
    )
    await tx.insert(reportTable).values(
      bedReports.map(({ approvedAt, ...figures }, index) => ({
        tenantId,
        id: `00000000-0000-4000-8000-${String(100 + index).padStart(12, '0')}`,
        ...figures,
        status: 'approved' as const,
        submittedAt: approvedAt,
        submittedBy: userId,
        decidedAt: approvedAt,
        decidedBy: userId,
      })),
    )
    await tx.insert(starRatings).values(
      ratings.map((rating) => ({
        tenantId,
        ...rating,
        assessors: ['评定员'],
        sectionScores: [],
        totalScore: 300,
        scoredGrade: rating.grade,
        firstRating: false,
        createdBy: userId,
      })),
    )
    await tx
      .insert(populationStats)
      .values([...population2024].map(([communityCode, figures]) => ({ tenantId, communityCode, year: 2024, basis: 'registered' as const, ...figures, updatedBy: userId })))
    const careElders = [...careNeeds, { elderId: E5, name: '周五', communityCode: C1, categories: [category('destitute', '2020-01-01')], needs: [], statuses: [] }]
    await tx.insert(elders).values(
      careElders.map((elder, index) => {
        const idNumber = makeIdNumber(`194${index}-01-01`, `${300 + index}`)
        const identity = identityColumns(idNumber, app.pii)
        const deceased = elder.statuses.find((status) => status.status === 'deceased')
        return {
          tenantId,
          id: elder.elderId,
          ...identity,
          name: elder.name,
          nameInitials: 'x',
          communityCode: elder.communityCode,
          status: elder.statuses.at(-1)?.status ?? 'active',
          deceasedOn: deceased?.effectiveFrom ?? null,
        }
      }),
    )
    await tx.insert(elderCategories).values(
      careElders.flatMap((elder, e) => elder.categories.map((entry, c) => ({ tenantId, id: `00000000-0000-4000-8000-${String(300 + e * 10 + c).padStart(12, '0')}`, elderId: elder.elderId, ...entry }))),
    )
    await tx.insert(elderCareNeeds).values(
      careElders.flatMap((elder, e) => elder.needs.map((need, n) => ({ tenantId, id: `00000000-0000-4000-8000-${String(400 + e * 10 + n).padStart(12, '0')}`, elderId: elder.elderId, ...need, recordedBy: userId }))),
    )
    await tx.insert(elderStatusHistory).values(
      careElders.flatMap((elder, e) =>
        elder.statuses.map((status, n) => ({ tenantId, id: `00000000-0000-4000-8000-${String(500 + e * 10 + n).padStart(12, '0')}`, elderId: elder.elderId, ...status, source: 'form' as const, recordedBy: userId })),
      ),
    )
    await tx.insert(mealRecords).values(
      FIXTURE_MEALS.map(({ voidedAt: _voided, deviceSeq, ...meal }) => ({
        tenantId,
        ...meal,
        slot: 'lunch' as const,
        mode: 'dine_in' as const,
        priceFen: 1200,
        subsidyFen: 0,
        selfPayFen: 1200,
        paymentMethod: 'cash' as const,
        subsidised: false,
        contentHash: `fixture-${meal.id}`,
        recordedBy: userId,
        recordedByName: '录入员',
        deviceId: deviceSeq === null ? null : COUNTER,
        deviceSeq,
      })),
    )
    // Voided later, each on its own day, as the void endpoint does it.
    for (const meal of FIXTURE_MEALS) {
      if (meal.voidedAt === null) continue
      await tx
        .update(mealRecords)
        .set({ voidedAt: meal.voidedAt, voidReason: '录错了', voidedBy: userId })
        .where(and(eq(mealRecords.tenantId, tenantId), eq(mealRecords.id, meal.id)))
    }
    // Each step of the resubmitted report as the bed-report service writes it: the report keeps only the last of each.
    const resubmitted = RESUBMITTED_REPORT
    const reportKey = and(eq(reportTable.tenantId, tenantId), eq(reportTable.id, resubmitted.id))
    await tx.insert(reportTable).values({
      tenantId,
      id: resubmitted.id,
      facilityId: resubmitted.facilityId,
      period: resubmitted.period,
      ...resubmitted.figures,
      status: 'submitted',
      filedBy: userId,
      submittedAt: resubmitted.submittedAt,
      submittedBy: userId,
    })
    await tx.update(reportTable).set({ status: 'returned', decidedAt: resubmitted.returnedAt, decidedBy: userId, comment: '护理型床位数请核对' }).where(reportKey)
    await tx.update(reportTable).set({ status: 'submitted', submittedAt: resubmitted.resubmittedAt, submittedBy: userId, comment: null }).where(reportKey)
  })
  // The meals' deltas folded now, so the API's compaction timer moves no row while a test watches the tables.
  await app.indicatorsRepository.compactMealTotals()
}
