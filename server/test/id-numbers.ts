import { idNumberCheckChar } from '@eldercare/shared'

/** A valid 身份证号 for tests: Dinghai's area code, the birth date, a sequence (odd last digit = male). */
export function makeIdNumber(birth: string, sequence = '123'): string {
  const first17 = `330902${birth.replace(/-/g, '')}${sequence}`
  return first17 + idNumberCheckChar(first17)
}
