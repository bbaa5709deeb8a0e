import type { FacilityCreate, FacilityType, MealMode, MealSlot } from '@eldercare/shared'
import { communityKey } from '../regions/community-names.js'
import type { Random } from './random.js'

interface Community {
  code: string
  name: string
  parentCode: string | null
}

/** How many demo facilities of each type; about 40 in all, as a district of this size has. */
const PLAN: [FacilityType, number][] = [
  ['canteen', 14],
  ['central_kitchen', 2],
  ['care_center', 8],
  ['mutual_aid_point', 6],
  ['meal_point', 5],
  ['institution', 5],
]

const NAME_SUFFIX: Record<FacilityType, string> = {
  canteen: '幸福食堂',
  central_kitchen: '中央厨房',
  care_center: '居家养老服务照料中心',
  mutual_aid_point: '邻里互助点',
  meal_point: '助餐服务点',
  institution: '养老院',
}

const OPERATORS = ['定海区社会福利中心', '舟山颐康养老服务有限公司', '定海区慈善总会', '浙江安康餐饮管理有限公司', '村（居）委会自营']

const shortName = communityKey

/**
 * About 40 facilities spread over the towns. Service areas are the own community and sometimes a
 * neighbour, so part of the district stays uncovered and coverage comes out below 100%.
 */
export function demoFacilities(communities: Community[], random: Random): (FacilityCreate & { key: string })[] {
  const result: (FacilityCreate & { key: string })[] = []
  const hosts = [...communities].sort((a, b) => a.code.localeCompare(b.code))
  // Every 3rd-4th community hosts one facility, walking through all towns.
  const step = Math.max(1, Math.floor(hosts.length / 40))
  let index = 0
  for (const [type, count] of PLAN) {
    for (let i = 0; i < count; i++) {
      const host = hosts[(index * step + random.int(0, step - 1)) % hosts.length]!
      index++
      const serves = type !== 'central_kitchen' && type !== 'institution'
      const neighbours = hosts.filter((c) => c.parentCode === host.parentCode && c.code !== host.code)
      const serviceArea = serves ? [host.code, ...(random.chance(0.4) && neighbours.length > 0 ? [random.pick(neighbours).code] : [])] : []
      const mealSlots: MealSlot[] = serves ? (random.chance(0.35) ? ['lunch', 'dinner'] : ['lunch']) : []
      const mealModes: MealMode[] = serves ? (random.chance(0.6) ? ['dine_in', 'delivery'] : ['dine_in', 'pickup']) : []
      const year = random.chance(0.3) ? 2024 : random.int(2019, 2023)
      result.push({
        key: `${type}-${i}`,
        name: `${shortName(host.name)}${NAME_SUFFIX[type]}`,
        type,
        communityCode: host.code,
        address: `${shortName(host.name)}${random.int(1, 188)}号`,
        latitude: Number((29.98 + random.next() * 0.16).toFixed(5)),
        longitude: Number((121.98 + random.next() * 0.22).toFixed(5)),
        operatorOrg: random.pick(OPERATORS),
        contactName: random.pick(['王', '李', '张', '陈', '周']) + random.pick(['红', '伟', '芳', '军', '静']),
        contactPhone: `1385800${String(1000 + index).slice(-4)}`,
        openedOn: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        mealSlots,
        mealModes,
        dailyCapacity: Object.fromEntries(mealSlots.map((slot) => [slot, random.int(30, 120)])),
        tags: [
          ...(type === 'care_center' && i < 4 ? (['happiness_hub'] as const) : []),
          ...((type === 'institution' || type === 'care_center') && random.chance(0.5) ? (['health_union'] as const) : []),
        ],
        serviceArea,
      })
    }
  }
  return result
}
