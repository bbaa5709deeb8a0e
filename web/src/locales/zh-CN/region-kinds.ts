import type { RegionKind } from '@eldercare/shared'

const regionKinds: Record<RegionKind, string> = {
  subdistrict: '街道',
  town: '镇',
  community: '社区',
  village: '村',
  other: '其他',
}

export default regionKinds
