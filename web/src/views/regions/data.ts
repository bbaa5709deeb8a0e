import { REGION_KINDS, type Region } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'

/** A town with its communities as `children`, the shape el-table shows as tree rows. */
export type RegionNode = Region & { children?: RegionNode[] }

export function buildRegionTree(regions: Region[]): RegionNode[] {
  const towns = new Map<string, RegionNode>()
  for (const region of regions) if (region.level === 'town') towns.set(region.code, { ...region, children: [] })
  const orphans: RegionNode[] = []
  for (const region of regions) {
    if (region.level !== 'community') continue
    const town = region.parentCode ? towns.get(region.parentCode) : undefined
    if (town) town.children?.push({ ...region })
    else orphans.push({ ...region })
  }
  return [...towns.values(), ...orphans]
}

function matches(region: Region, search: SearchModel): boolean {
  const keyword = (search.keyword ?? '').trim()
  if (keyword && !region.name.includes(keyword) && !region.code.startsWith(keyword)) return false
  if (search.kind && region.kind !== search.kind) return false
  if (search.urbanRural && region.urbanRural !== search.urbanRural) return false
  return true
}

/** Keeps a town when it or any of its communities match, so a match is always shown in its place. */
export function filterRegionTree(tree: RegionNode[], search: SearchModel): RegionNode[] {
  return tree.flatMap((node) => {
    const children = (node.children ?? []).filter((child) => matches(child, search))
    if (matches(node, search)) return [node]
    return children.length > 0 ? [{ ...node, children }] : []
  })
}

export function emptyRegionSearch(): SearchModel {
  return { keyword: '', kind: '', urbanRural: '' }
}

export function useRegionSearchFields(): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  return computed(() => [
    { kind: 'input', field: 'keyword', label: t('regions.keyword') },
    {
      kind: 'select',
      field: 'kind',
      label: t('regions.kind'),
      options: REGION_KINDS.map((kind) => ({ value: kind, label: t(`regions.kinds.${kind}`) })),
    },
    {
      kind: 'select',
      field: 'urbanRural',
      label: t('regions.urbanRural'),
      options: [
        { value: 'urban', label: t('regions.urban') },
        { value: 'rural', label: t('regions.rural') },
      ],
    },
  ])
}

export function useRegionColumns(canEdit: () => boolean): ComputedRef<TableColumn<RegionNode>[]> {
  const { t } = useI18n()
  return computed(() => {
    const columns: TableColumn<RegionNode>[] = [
      { key: 'name', prop: 'name', label: t('regions.name'), minWidth: 200 },
      { key: 'code', prop: 'code', label: t('regions.code'), width: 140 },
      { key: 'kind', label: t('regions.kind'), width: 90, formatter: (region) => t(`regions.kinds.${region.kind}`) },
      { key: 'urbanRural', label: t('regions.urbanRural'), width: 90, formatter: (region) => t(`regions.${region.urbanRural}`) },
      { key: 'island', label: t('regions.island'), minWidth: 100, formatter: (region) => region.island ?? t('regions.mainIsland') },
    ]
    if (canEdit()) columns.push({ key: 'actions', label: t('common.actions'), width: 90, fixed: 'right', slot: 'actions' })
    return columns
  })
}
