import { idNumberCheckChar, type DisabilityLevel, type ElderCategory } from '@eldercare/shared'
import type { Random } from './random.js'

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟姜崔谭陆汪范金石廖贾夏韦方邱'
const GIVEN_MALE = '国建明华伟志强军平德福庆海林根生荣忠祥文成宝财金法'
const GIVEN_FEMALE = '秀英兰芳桂珍玉凤美华丽娟娣彩霞菊琴月仙翠萍素梅花'

/** Shares of the categories among elders, roughly as in Zhejiang's rural and urban districts. */
const CATEGORY_SHARES: [ElderCategory, number][] = [
  ['destitute', 0.012],
  ['minimum_livelihood', 0.05],
  ['marginal_low_income', 0.03],
  ['disabled', 0.08],
  ['living_alone', 0.12],
  ['family_planning_special', 0.01],
  ['key_entitled', 0.02],
]

export interface DemoElder {
  idNumber: string
  name: string
  phone: string | null
  communityCode: string
  categories: { category: ElderCategory; level: DisabilityLevel | null; startOn: string }[]
}

/** A valid 身份证号 of someone born in Dinghai on a random day of 1925–1964. */
function idNumber(random: Random, serial: number, male: boolean): string {
  const birth = new Date(Date.UTC(random.int(1925, 1964), random.int(0, 11), random.int(1, 28)))
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '')
  const sequence = String(serial % 100).padStart(2, '0')
  const genderDigit = (random.int(0, 4) * 2 + (male ? 1 : 0)) % 10
  const first17 = `330902${date}${sequence}${genderDigit}`
  return first17 + idNumberCheckChar(first17)
}

export function demoElders(communityCodes: string[], count: number, random: Random): DemoElder[] {
  const elders: DemoElder[] = []
  const seen = new Set<string>()
  while (elders.length < count) {
    const male = random.chance(0.46)
    const number = idNumber(random, elders.length, male)
    if (seen.has(number)) continue
    seen.add(number)
    const givenPool = male ? GIVEN_MALE : GIVEN_FEMALE
    const given = random.pick([...givenPool]) + (random.chance(0.8) ? random.pick([...givenPool]) : '')
    const categories = CATEGORY_SHARES.filter(([, share]) => random.chance(share)).map(([category]) => ({
      category,
      level: category === 'disabled' ? random.pick(['mild', 'moderate', 'severe'] as const) : null,
      startOn: `${random.int(2018, 2024)}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
    }))
    elders.push({
      idNumber: number,
      name: random.pick([...SURNAMES]) + given,
      phone: random.chance(0.7) ? `13${random.int(0, 9)}${String(random.int(0, 99_999_999)).padStart(8, '0')}` : null,
      communityCode: random.pick(communityCodes),
      categories,
    })
  }
  return elders
}
