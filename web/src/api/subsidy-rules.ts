import type { MealSettings, MealSettingsPut, SubsidyRule, SubsidyRuleCreate } from '@eldercare/shared'
import type { Page } from './page'
import { get, post, put } from './request'

/** With `asOf`, only the rules in force on that day; without, every rule ever made. */
export function listSubsidyRules(asOf?: string): Promise<Page<SubsidyRule>> {
  return get<Page<SubsidyRule>>('/subsidy-rules', { asOf })
}

export function createSubsidyRule(body: SubsidyRuleCreate): Promise<SubsidyRule> {
  return post<SubsidyRule>('/subsidy-rules', body)
}

/** Ends a rule after `validTo` (its last day). Meals already recorded keep the subsidy they got. */
export function endSubsidyRule(id: string, validTo: string): Promise<SubsidyRule> {
  return post<SubsidyRule>(`/subsidy-rules/${encodeURIComponent(id)}/end`, { validTo })
}

export function getMealSettings(): Promise<MealSettings> {
  return get<MealSettings>('/meal-settings')
}

export function updateMealSettings(body: MealSettingsPut): Promise<MealSettings> {
  return put<MealSettings>('/meal-settings', body)
}
