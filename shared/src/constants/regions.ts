/** Kinds as in the statistical division list: 街道 / 镇 for towns, 社区 / 村 / 其他 for communities. */
export const REGION_KINDS = ['subdistrict', 'town', 'community', 'village', 'other'] as const
