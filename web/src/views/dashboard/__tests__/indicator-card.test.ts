import { DEFAULT_INDICATOR_SETTINGS } from '@eldercare/shared'
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import { changeText, daysBetween, formatGoal, formatValue, formulaText, metState, progressPercent, staleFacilities, targetText } from '../data'
import IndicatorCard from '../indicator-card.vue'
import { dashboard, indicator } from './fixtures'

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})
const settings = DEFAULT_INDICATOR_SETTINGS

beforeEach(() => setLocale('zh-CN'))

describe('indicator formatting', () => {
  it('shows ratios as percent, per 10,000 with one decimal and counts grouped', () => {
    expect(formatValue('ratio', 132 / 169)).toBe('78.1%')
    expect(formatValue('per_10k', 17.345)).toBe('17.3')
    expect(formatValue('count', 12345)).toBe('12,345')
    expect(formatValue('ratio', null)).toBe('—')
    // Cut, not rounded, so a value just short of its goal never shows the goal itself.
    expect(formatValue('ratio', 0.5798)).toBe('57.9%')
    expect(formatValue('ratio', 0.58)).toBe('58.0%')
    expect(formatValue('per_10k', 24.49)).toBe('24.4')
    expect(formatGoal('ratio', 0.58)).toBe('58%')
    expect(formatGoal('per_10k', 24.5)).toBe('24.5')
  })

  it('says the target, how far towards it, and whether it is met', () => {
    expect(targetText(indicator(), t)).toBe('目标 ≥ 80%')
    expect(progressPercent(indicator())).toBe(97.6)
    expect(progressPercent(indicator({ value: 0.9 }))).toBe(100)
    expect(metState(indicator())).toBe('notMet')
    expect(metState(indicator({ met: true }))).toBe('met')
    expect(metState(indicator({ target: null, met: null }))).toBe('noTarget')
    expect(metState(indicator({ value: null, met: null }))).toBe('unknown')
    expect(progressPercent(indicator({ target: null }))).toBeNull()

    const aboveLastYear = indicator({ key: 'care_card_users', unit: 'count', value: 1200, target: { comparator: 'above_last_year', value: 1100 }, met: true })
    expect(targetText(aboveLastYear, t)).toBe('目标：高于上年（1,100）')
  })

  it('compares with the same date last year, ratios in percentage points', () => {
    expect(changeText(indicator(), t)).toEqual({ direction: 'up', text: '较去年同期 +3.1 个百分点' })
    expect(changeText(indicator({ unit: 'count', value: 9, sameDateLastYear: 12 }), t)).toEqual({ direction: 'down', text: '较去年同期 −3' })
    expect(changeText(indicator({ sameDateLastYear: null }), t)).toBeNull()
    expect(changeText(indicator({ unit: 'per_10k', value: null, sameDateLastYear: 21.24 }), t)).toEqual({ direction: 'flat', text: '去年同期 21.2' })
  })

  it('writes the formula with its own figures', () => {
    expect(formulaText(indicator(), 2024, settings, t)).toBe('有助餐服务的村社 132 ÷ 全部村社 169')
    const dementia = indicator({ key: 'dementia_beds_per_10k', unit: 'per_10k', numerator: 80, denominator: 46123 })
    expect(formulaText(dementia, 2024, settings, t)).toBe('认知障碍照护床位 80 ÷ 户籍60岁以上人口 46,123 × 10000')
    expect(formulaText(dementia, 2024, { ...settings, populationBasis: 'resident', dementiaDenominator: 'population_total' }, t)).toBe(
      '认知障碍照护床位 80 ÷ 常住总人口 46,123 × 10000',
    )
    expect(formulaText(indicator({ key: 'new_meal_points', unit: 'count', numerator: 9, denominator: null }), 2024, settings, t)).toBe('2024 年新开业的助餐服务点 9 个')
  })

  it('lists stale meal facilities by days without data, the never recorded first', () => {
    expect(daysBetween('2024-06-18', '2024-06-30')).toBe(12)
    expect(staleFacilities(dashboard.mealFacilities, '2024-06-30').map((facility) => [facility.name, facility.days])).toEqual([
      ['新建助餐点', null],
      ['马岙助餐点', 12],
    ])
  })
})

describe('indicator card', () => {
  function mountCard(value = indicator()) {
    return mount(IndicatorCard, { props: { indicator: value, year: 2024, settings }, global: { plugins: [i18n] } })
  }

  it('shows the name, the value in percent, the target, the met tag and the change', () => {
    const card = mountCard()

    expect(card.text()).toContain('老年助餐覆盖率')
    expect(card.get('[data-test="indicator-value"]').text()).toBe('78.1%')
    expect(card.text()).toContain('目标 ≥ 80%')
    expect(card.get('[data-test="indicator-met"]').text()).toBe('未达标')
    expect(card.get('[data-test="indicator-change"]').text()).toBe('较去年同期 +3.1 个百分点')
    expect(card.find('.el-progress').exists()).toBe(true)
  })

  it('shows per-10,000 figures with one decimal and a met tag', () => {
    const card = mountCard(
      indicator({ key: 'dementia_beds_per_10k', unit: 'per_10k', value: 17.345, numerator: 80, denominator: 46123, target: { comparator: 'at_least', value: 17 }, met: true, sameDateLastYear: null }),
    )

    expect(card.get('[data-test="indicator-value"]').text()).toBe('17.3')
    expect(card.text()).toContain('张/万人')
    expect(card.get('[data-test="indicator-met"]').text()).toBe('已达标')
    expect(card.get('[data-test="indicator-change"]').text()).toBe('去年同期无数据')
  })

  it('shows a change computed from the values as shown, never larger than the value', () => {
    const caregivers = mountCard(indicator({ key: 'certified_caregivers_per_10k_elders', unit: 'per_10k', value: 23.16, numerator: 110, denominator: 47500, sameDateLastYear: 0 }))
    expect(caregivers.get('[data-test="indicator-value"]').text()).toBe('23.1')
    expect(caregivers.get('[data-test="indicator-change"]').text()).toBe('较去年同期 +23.1')

    const coverage = mountCard(indicator({ value: 0.8036, sameDateLastYear: 0 }))
    expect(coverage.get('[data-test="indicator-value"]').text()).toBe('80.3%')
    expect(coverage.get('[data-test="indicator-change"]').text()).toBe('较去年同期 +80.3 个百分点')

    // 57.99% and 54.93% are shown 57.9% and 54.9%: the change shown is their difference, +3.0.
    const close = mountCard(indicator({ value: 0.5799, sameDateLastYear: 0.5493 }))
    expect(close.get('[data-test="indicator-change"]').text()).toBe('较去年同期 +3.0 个百分点')
    expect(close.get('[data-test="indicator-change"]').classes()).toContain('indicator-card__change--up')
  })

  it('says 去年同期无数据 when last year has no figure, not "+ the whole value"', () => {
    const users = mountCard(indicator({ key: 'care_card_users', unit: 'count', value: 530, numerator: 530, denominator: null, target: { comparator: 'above_last_year', value: null }, met: null, sameDateLastYear: null }))
    expect(users.get('[data-test="indicator-value"]').text()).toBe('530')
    expect(users.get('[data-test="indicator-change"]').text()).toBe('去年同期无数据')
    expect(users.get('[data-test="indicator-change"]').text()).not.toContain('+')
    setLocale('en')
    const english = mountCard(indicator({ key: 'care_card_users', unit: 'count', value: 530, numerator: 530, denominator: null, sameDateLastYear: null }))
    expect(english.get('[data-test="indicator-change"]').text()).toBe('No data for last year')
  })

  it('puts the formula in the tooltip', async () => {
    const card = mountCard()
    await card.get('.indicator-card').trigger('mouseenter')

    await vi.waitFor(() => expect(document.body.querySelector('[data-test="indicator-formula"]')?.textContent).toBe('有助餐服务的村社 132 ÷ 全部村社 169'))
    card.unmount()
  })

  it('switches to English', () => {
    setLocale('en')
    const card = mountCard()
    expect(card.text()).toContain('Meal-service coverage')
    expect(card.get('[data-test="indicator-met"]').text()).toBe('Not met')
  })

  it("labels a district target standing in for a town's own as 区级目标", () => {
    const town = (value = indicator()) => mount(IndicatorCard, { props: { indicator: value, year: 2024, settings, townView: true }, global: { plugins: [i18n] } })

    expect(town().get('[data-test="indicator-district-target"]').text()).toBe('区级目标')
    expect(town(indicator({ targetScope: 'town', target: { comparator: 'at_least', value: 0.5 } })).find('[data-test="indicator-district-target"]').exists()).toBe(false)
    // The district's own figures are measured against the district's target: nothing to say.
    expect(mountCard().find('[data-test="indicator-district-target"]').exists()).toBe(false)
  })

  it('shows the concentrated-care indicator with its own name and formula', () => {
    const card = mountCard(indicator({ key: 'concentrated_care_coverage_rate', numerator: 30, denominator: 40, value: 0.75, target: { comparator: 'at_least', value: 0.9 } }))

    expect(card.text()).toContain('集中供养覆盖率')
    expect(card.get('[data-test="indicator-value"]').text()).toBe('75.0%')
    expect(formulaText(indicator({ key: 'concentrated_care_coverage_rate', numerator: 30, denominator: 40 }), 2024, settings, t)).toBe(
      '已入住养老机构 30 ÷ 有集中供养需求的特困、低保/低边重度失能老人 40',
    )
  })
})
