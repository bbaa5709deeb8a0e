import { Type, type Static } from 'typebox'
import { Text } from './common.js'
import { REGION_KINDS } from '../constants/regions.js'

export const RegionLevel = Type.Union([Type.Literal('town'), Type.Literal('community')])
export type RegionLevel = Static<typeof RegionLevel>

export const RegionKind = Type.Enum(REGION_KINDS)
export type RegionKind = Static<typeof RegionKind>

export const UrbanRural = Type.Union([Type.Literal('urban'), Type.Literal('rural')])
export type UrbanRural = Static<typeof UrbanRural>

export const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: RegionLevel,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  kind: RegionKind,
  urbanRural: UrbanRural,
  /** The island a community is on; null means the main island (舟山本岛). */
  island: Type.Union([Type.String(), Type.Null()]),
  /** Where the community's centre is (WGS-84), for the distance to the nearest meal facility; null when not entered. */
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
})
export type Region = Static<typeof Region>

export const RegionCodeParams = Type.Object({ code: Type.String({ pattern: '^\\d{9}(\\d{3})?$' }) })

export const RegionListQuery = Type.Object({
  level: Type.Optional(RegionLevel),
  parentCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3})?$' })),
})
export type RegionListQuery = Static<typeof RegionListQuery>

export const RegionPatch = Type.Object(
  {
    name: Type.Optional(Text({ maxLength: 64 })),
    kind: Type.Optional(RegionKind),
    urbanRural: Type.Optional(UrbanRural),
    island: Type.Optional(Type.Union([Text({ maxLength: 32 }), Type.Null()])),
    latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  },
  { minProperties: 1 },
)
export type RegionPatch = Static<typeof RegionPatch>

export const RegionImportResult = Type.Object({
  towns: Type.Integer(),
  communities: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
})
export type RegionImportResult = Static<typeof RegionImportResult>
