import { createI18n } from 'vue-i18n'
import { readStorage, STORAGE_KEYS, writeStorage } from '../utils/storage-keys'
import en from './en'
import zhCN, { type MessageSchema } from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** Each language is named in itself, so it can be found whatever language is on screen. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' }

function isLocale(value: string | null): value is Locale {
  return LOCALES.some((locale) => locale === value)
}

function storedLocale(): Locale {
  const value = readStorage(STORAGE_KEYS.locale)
  return isLocale(value) ? value : 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  writeStorage(STORAGE_KEYS.locale, locale)
  document.documentElement.lang = locale
}

/** Translates outside components (request client, stores); returns null for a key the messages lack. */
export function translateIfKnown(key: string): string | null {
  return i18n.global.te(key) ? i18n.global.t(key) : null
}
