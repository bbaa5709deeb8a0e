import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { compileMessage, isPlainMessage } from '../compile-message'
import en from '../en'
import zhCN from '../zh-CN'

function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]]
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => texts(item, path ? `${path}.${key}` : key))
  return []
}

describe('the texts’ syntax, which the app compiles itself (compile-message.ts)', () => {
  it('is plain text with {name} or {0} placeholders in both languages: no plurals, linked messages or stray braces', () => {
    const unsupported = [...texts(zhCN), ...texts(en)].filter(([, text]) => !isPlainMessage(text))
    expect(unsupported).toEqual([])
  })

  it('renders named and listed values, and texts without any, as vue-i18n does', () => {
    const i18n = createI18n({
      legacy: false,
      locale: 'zh-CN',
      messageCompiler: compileMessage,
      messages: { 'zh-CN': { plain: '助餐登记', named: '没有找到“{q}”', twice: '{a} 至 {a}，共 {n} 天', listed: '{0} 岁', spaced: '{ name }好' } },
    })
    const { t } = i18n.global
    expect(t('plain')).toBe('助餐登记')
    expect(t('named', { q: '王' })).toBe('没有找到“王”')
    expect(t('twice', { a: '3 月 1 日', n: 5 })).toBe('3 月 1 日 至 3 月 1 日，共 5 天')
    expect(t('listed', [80])).toBe('80 岁')
    expect(t('spaced', { name: '张三' })).toBe('张三好')
    expect(isPlainMessage('共 {n} 份 | 共 {n} 份')).toBe(false)
    expect(isPlainMessage('见 @:common.save')).toBe(false)
    expect(isPlainMessage('{a-b}')).toBe(false)
  })
})
