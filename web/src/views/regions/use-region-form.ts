import type { Region, RegionKind, RegionPatch, UrbanRural } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { computed, reactive, ref } from 'vue'
import { updateRegion } from '../../api/regions'
import { showError } from '../../utils/feedback'

export interface RegionFormModel {
  name: string
  kind: RegionKind
  urbanRural: UrbanRural
  /** Blank means the main island. */
  island: string
  /** Centre of the community (WGS-84), for the distance to the nearest meal point; undefined = not known. */
  latitude: number | undefined
  longitude: number | undefined
}

const KINDS_BY_LEVEL: Record<Region['level'], RegionKind[]> = {
  town: ['subdistrict', 'town'],
  community: ['community', 'village', 'other'],
}

/** Only what changed, so the audit log records the edit and nothing else. */
export function toRegionPatch(model: RegionFormModel, region: Region): RegionPatch {
  const name = model.name.trim()
  const island = model.island.trim() || null
  return {
    ...(name !== region.name ? { name } : {}),
    ...(model.kind !== region.kind ? { kind: model.kind } : {}),
    ...(model.urbanRural !== region.urbanRural ? { urbanRural: model.urbanRural } : {}),
    ...(island !== region.island ? { island } : {}),
    ...((model.latitude ?? null) !== region.latitude ? { latitude: model.latitude ?? null } : {}),
    ...((model.longitude ?? null) !== region.longitude ? { longitude: model.longitude ?? null } : {}),
  }
}

export function useRegionForm(editing: () => Region | null, onSaved: (region: Region) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<RegionFormModel>({ name: '', kind: 'community', urbanRural: 'urban', island: '', latitude: undefined, longitude: undefined })
  const saving = ref(false)
  const kinds = computed(() => KINDS_BY_LEVEL[editing()?.level ?? 'community'])

  function fill(): void {
    const region = editing()
    if (!region) return
    Object.assign(model, {
      name: region.name,
      kind: region.kind,
      urbanRural: region.urbanRural,
      island: region.island ?? '',
      latitude: region.latitude ?? undefined,
      longitude: region.longitude ?? undefined,
    })
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const region = editing()
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid || !region) return
    const patch = toRegionPatch(model, region)
    if (Object.keys(patch).length === 0) {
      onSaved(region)
      return
    }
    saving.value = true
    try {
      onSaved(await updateRegion(region.code, patch))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, kinds, fill, submit }
}
