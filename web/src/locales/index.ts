import { createI18n } from 'vue-i18n'
import { readStorage, STORAGE_KEYS, writeStorage } from '../utils/storage-keys'
import { compileMessage } from './compile-message'
import type { MessageSchema } from './zh-CN'
import firstScreen from './zh-CN/first-screen'

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
 * Chinese comes with the app for the pages before sign-in, the rest when the first signed-in page opens
 * (loadPageMessages); another language is fetched when first chosen, so the sign-in page does
 * not carry every screen's English over a slow island link.
 */
const LOADERS: Record<Exclude<Locale, 'zh-CN'>, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./en'),
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messageCompiler: compileMessage,
  // The rest of Chinese is merged in by loadPageMessages, before any page that uses it renders.
  messages: { 'zh-CN': firstScreen } as Record<Locale, MessageSchema>,
})

let chinesePages: Promise<void> | null = null
let chineseWhole = false
/** Set once a signed-in page was asked for: from then on Chinese must be whole whenever it is shown. */
let pagesOpened = false

/** Every domain of Chinese, fetched once (a failed fetch is tried again next time). */
function loadChinesePages(): Promise<void> {
  chinesePages ??= import('./zh-CN').then(
    (module) => {
      i18n.global.mergeLocaleMessage('zh-CN', module.default)
      chineseWhole = true
    },
    (error: unknown) => {
      chinesePages = null
      throw error
    },
  )
  return chinesePages
}

/**
 * Before a signed-in page opens (the router's guard): the texts of every page in the language on
 * screen. English is fetched whole when chosen; Chinese beyond the sign-in page's is fetched here.
 */
export function loadPageMessages(): Promise<void> {
  pagesOpened = true
  return currentLocale() === 'zh-CN' ? loadChinesePages() : Promise.resolve()
}

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Whether a language can be shown now without a key lacking its text. */
function hasMessages(locale: Locale): boolean {
  if (locale === 'zh-CN') return chineseWhole || !pagesOpened
  return i18n.global.availableLocales.includes(locale)
}

/** Fetches a language's messages once. */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  if (hasMessages(locale)) return
  if (locale === 'zh-CN') return loadChinesePages()
  i18n.global.setLocaleMessage(locale, (await LOADERS[locale]()).default)
}

function apply(locale: Locale): void {
  i18n.global.locale.value = locale
  writeStorage(STORAGE_KEYS.locale, locale)
  document.documentElement.lang = locale
}

/** Switches at once when the language's messages are here, after fetching them otherwise. */
export function setLocale(locale: Locale): Promise<void> {
  if (hasMessages(locale)) {
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
