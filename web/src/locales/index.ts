import { createI18n } from 'vue-i18n'
import { readStorage, STORAGE_KEYS, writeStorage } from '../utils/storage-keys'
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

/**
 * Chinese comes with the app; another language is fetched when first chosen, so the sign-in page does
 * not carry every screen's English over a slow island link.
 */
const LOADERS: Record<Exclude<Locale, 'zh-CN'>, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./en'),
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Fetches a language's messages once. */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  if (locale === 'zh-CN' || i18n.global.availableLocales.includes(locale)) return
  i18n.global.setLocaleMessage(locale, (await LOADERS[locale]()).default)
}

function apply(locale: Locale): void {
  i18n.global.locale.value = locale
  writeStorage(STORAGE_KEYS.locale, locale)
  document.documentElement.lang = locale
}

/** Switches at once when the language's messages are here, after fetching them otherwise. */
export function setLocale(locale: Locale): Promise<void> {
  if (locale === 'zh-CN' || i18n.global.availableLocales.includes(locale)) {
    apply(locale)
    return Promise.resolve()
  }
  return loadLocaleMessages(locale).then(() => apply(locale))
}

/** The language the user chose last time, messages loaded: before the app first renders. */
export function restoreLocale(): Promise<void> {
  return setLocale(storedLocale())
}

/** Translates outside components (request client, stores); returns null for a key the messages lack. */
export function translateIfKnown(key: string): string | null {
  return i18n.global.te(key) ? i18n.global.t(key) : null
}
