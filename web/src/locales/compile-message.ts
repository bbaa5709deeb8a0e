import type { MessageCompiler, MessageContext } from 'vue-i18n'

/** `{name}` (a named value) or `{0}` (a listed one): the only syntax the app's texts use. */
const PLACEHOLDER = /\{\s*(\w+)\s*\}/

/** What vue-i18n hands a message function besides its public members (as its own compiled ones use). */
interface FormatContext extends MessageContext {
  normalize(parts: unknown[]): string
  interpolate(value: unknown): unknown
}

const compiled = new Map<string, ReturnType<MessageCompiler>>()

/**
 * The app's message compiler, in place of vue-i18n's (about 40 KB before minifying, on every page;
 * the build drops it with `__INTLIFY_DROP_MESSAGE_COMPILER__`). The texts use only `{name}` and
 * `{0}` placeholders, no plurals (`|`) nor linked messages (`@:`): a test holds every text of both
 * languages to that (__tests__/message-syntax.test.ts), so this renders them as vue-i18n's own would.
 */
export const compileMessage: MessageCompiler = (message) => {
  if (typeof message !== 'string') throw new TypeError('precompiled messages are not used by this app')
  const cached = compiled.get(message)
  if (cached) return cached
  // split with a capture group: texts at even indices, placeholder names at odd ones.
  const parts = message.split(new RegExp(PLACEHOLDER.source, 'g'))
  const format = (context: MessageContext) => {
    const ctx = context as FormatContext
    if (parts.length === 1) return ctx.type === 'text' ? message : ctx.normalize([message])
    return ctx.normalize(
      parts.flatMap((part, index) => {
        if (index % 2 === 0) return part === '' ? [] : [part]
        return [ctx.interpolate(/^\d+$/.test(part) ? ctx.list(Number(part)) : ctx.named(part))]
      }),
    )
  }
  compiled.set(message, format)
  return format
}

/** Whether a text keeps to the syntax compileMessage understands. */
export function isPlainMessage(message: string): boolean {
  const rest = message.replace(new RegExp(PLACEHOLDER.source, 'g'), '')
  return !/[{}|@]/.test(rest)
}
