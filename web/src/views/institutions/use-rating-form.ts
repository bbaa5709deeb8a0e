import {
  awardedGrade,
  gradeForScore,
  ratingValidUntil,
  type InstitutionSettings,
  type StarRating,
  type StarRatingCreate,
} from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { computed, reactive, ref } from 'vue'
import { createStarRating } from '../../api/institutions'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'

export interface RatingFormModel {
  facilityId: string
  assessedOn: string
  assessors: string[]
  scores: Record<string, number>
  /** Blank: the validity period of the settings. */
  validUntil: string
  remarks: string
}

export function emptyRatingForm(settings: InstitutionSettings | null, today = shanghaiToday()): RatingFormModel {
  return {
    facilityId: '',
    assessedOn: today,
    assessors: [],
    scores: Object.fromEntries((settings?.ratingSections ?? []).map((section) => [section.key, 0])),
    validUntil: '',
    remarks: '',
  }
}

/**
 * What the form shows before saving: the total, the grade the thresholds give, and the grade a first
 * rating would be capped to. The server decides for good; it also knows whether this is a first rating.
 */
export function ratingPreview(model: RatingFormModel, settings: InstitutionSettings) {
  const total = settings.ratingSections.reduce((sum, section) => sum + (model.scores[section.key] ?? 0), 0)
  const grade = gradeForScore(total, settings.gradeThresholds)
  const firstGrade = awardedGrade(grade, true, settings.firstRatingMaxGrade)
  const validUntil = model.validUntil || (model.assessedOn ? ratingValidUntil(model.assessedOn, settings.ratingValidityYears) : '')
  return { total, grade, firstGrade, validUntil }
}

export function toRatingBody(model: RatingFormModel): StarRatingCreate {
  return {
    facilityId: model.facilityId,
    assessedOn: model.assessedOn,
    assessors: model.assessors.map((name) => name.trim()).filter(Boolean),
    scores: { ...model.scores },
    ...(model.validUntil ? { validUntil: model.validUntil } : {}),
    remarks: model.remarks.trim() || null,
  }
}

export function useRatingForm(settings: () => InstitutionSettings | null, onSaved: (rating: StarRating) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<RatingFormModel>(emptyRatingForm(null))
  const saving = ref(false)
  const preview = computed(() => {
    const current = settings()
    return current ? ratingPreview(model, current) : null
  })

  function fill(): void {
    Object.assign(model, emptyRatingForm(settings()))
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    saving.value = true
    try {
      onSaved(await createStarRating(toRatingBody(model)))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, preview, fill, submit }
}
