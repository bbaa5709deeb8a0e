/** Full-width digits and point, as a Chinese input method may type them. */
const FULL_WIDTH = /[０-９．]/g

/** At most 100,000 yuan, the largest amount the API accepts (`Fen`). */
const YUAN = /^(\d{1,6})(?:\.(\d{1,2}))?$/

const MAX_FEN = 100_000_00

/**
 * Yuan as typed (`12`, `12.5`, `3.05`) to integer fen, or null when it is not an amount.
 * The digits are read as text, never through a float, so `0.29` is 29 fen and not 28.999….
 */
export function yuanToFen(text: string): number | null {
  const normalised = text.trim().replace(FULL_WIDTH, (char) => (char === '．' ? '.' : String(char.charCodeAt(0) - 0xff10)))
  const match = YUAN.exec(normalised)
  if (!match) return null
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return fen <= MAX_FEN ? fen : null
}

/** Integer fen as yuan with two decimals (`1250` → `12.50`), without float rounding. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** `¥12.50`: the renminbi sign reads the same in both languages of the app. */
export function formatYuan(fen: number): string {
  return `¥${fenToYuan(fen)}`
}
