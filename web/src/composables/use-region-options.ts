import type { Region } from '@eldercare/shared'
import { computed, ref } from 'vue'
import { listRegions } from '../api/regions'
import { showError } from '../utils/feedback'

/** A region as an option; a type alias rather than an interface, so it also fits el-cascader's option records. */
export type RegionOption = { value: string; label: string }

/** A town with its communities: the shape of el-cascader options and of grouped el-select options. */
export type TownGroup = RegionOption & { children: RegionOption[] }

/** Towns in code order with their communities; `townCodes` narrows it to a town staff member's towns. */
export function townGroups(regions: Region[], townCodes?: readonly string[]): TownGroup[] {
  const groups = new Map<string, TownGroup>()
  for (const region of regions) {
    if (region.level !== 'town' || (townCodes && !townCodes.includes(region.code))) continue
    groups.set(region.code, { value: region.code, label: region.name, children: [] })
  }
  for (const region of regions) {
    if (region.level !== 'community' || !region.parentCode) continue
    groups.get(region.parentCode)?.children.push({ value: region.code, label: region.name })
  }
  return [...groups.values()]
}

/** The island names the regions mention, each once; a blank island is the main island. */
export function islandsOf(regions: Region[]): string[] {
  const islands = new Set<string>()
  for (const region of regions) if (region.island) islands.add(region.island)
  return [...islands].sort((a, b) => a.localeCompare(b, 'zh-CN'))
}

/** The tenant's towns and communities, fetched once per page for filters, cascaders and names. */
export function useRegionOptions() {
  const regions = ref<Region[]>([])

  const towns = computed(() => regions.value.filter((region) => region.level === 'town'))
  const islands = computed(() => islandsOf(regions.value))
  const names = computed(() => new Map(regions.value.map((region) => [region.code, region.name])))

  async function loadRegions(): Promise<void> {
    try {
      regions.value = (await listRegions()).items
    } catch (error) {
      showError(error)
    }
  }

  return { regions, towns, islands, names, loadRegions }
}
