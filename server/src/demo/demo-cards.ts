import { randomUUID } from 'node:crypto'
import type { ElderCategory, MealMode, MealSlot } from '@eldercare/shared'
import type { Random } from './random.js'
import { mealPaymentNote } from '../meals/meal-labels.js'

/** Monthly allowance per category, in fen, credited to the one default purse. */
export const DEMO_ALLOWANCE_RULES: { name: string; category: ElderCategory; amountFen: number }[] = [
  { name: '特困供养老人助餐补贴', category: 'destitute', amountFen: 20000 },
  { name: '低保老人助餐补贴', category: 'minimum_livelihood', amountFen: 10000 },
  { name: '失能老人服务补贴', category: 'disabled', amountFen: 10000 },
  { name: '独居老人关爱补贴', category: 'living_alone', amountFen: 5000 },
]

interface CardHolder {
  elderId: string
  cardId: string
  categories: { category: ElderCategory; startOn: string }[]
}

export interface DemoCardMeal {
  id: string
  elderId: string
  facilityId: string
  servedOn: string
  slot: MealSlot
  mode: MealMode
  selfPayFen: number
  paymentMethod: string
}

/**
 * Replays three months of a district's cards in date order: allowances on the 1st, a family top-up now
 * and then, meals paid by card where the balance allows (those meals become `care_card`). Running
 * balances are computed here, so every entry's balance-after and every purse's final balance agree.
 */
export function demoCardHistory(
  holders: CardHolder[],
  meals: DemoCardMeal[],
  rules: { id: string; category: ElderCategory; amountFen: number; name: string }[],
  months: string[],
  random: Random,
  now: Date,
) {
  const balance = new Map(holders.map((h) => [h.cardId, 0]))
  const cardOf = new Map(holders.map((h) => [h.elderId, h]))
  type Event = { at: string; apply: () => void }
  const events: Event[] = []
  const entries: {
    id: string
    cardId: string
    kind: 'allowance' | 'top_up' | 'meal_payment'
    amountFen: number
    balanceAfterFen: number
    referenceId: string | null
    facilityId: string | null
    note: string | null
    createdAt: Date
  }[] = []
  const paidByCard = new Set<string>()
  const post = (cardId: string, kind: 'allowance' | 'top_up' | 'meal_payment', amountFen: number, at: string, extra: { referenceId?: string; facilityId?: string; note?: string } = {}) => {
    const next = balance.get(cardId)! + amountFen
    if (next < 0) return false
    balance.set(cardId, next)
    entries.push({ id: randomUUID(), cardId, kind, amountFen, balanceAfterFen: next, referenceId: extra.referenceId ?? null, facilityId: extra.facilityId ?? null, note: extra.note ?? null, createdAt: new Date(`${at}+08:00`) })
    return true
  }
  for (const month of months) {
    for (const holder of holders) {
      for (const rule of rules.filter((r) => holder.categories.some((c) => c.category === r.category && c.startOn <= `${month}-01`))) {
        events.push({ at: `${month}-01T08:00:00`, apply: () => post(holder.cardId, 'allowance', rule.amountFen, `${month}-01T08:00:00`, { referenceId: `${month}:${rule.id}`, note: rule.name }) })
      }
      if (random.chance(0.2)) {
        const at = `${month}-${String(random.int(2, 27)).padStart(2, '0')}T10:00:00`
        events.push({ at, apply: () => post(holder.cardId, 'top_up', random.pick([5000, 10000, 20000]), at, { note: '家属充值' }) })
      }
    }
  }
  const firstDay = `${months[0]}-01`
  for (const meal of meals) {
    const holder = cardOf.get(meal.elderId)
    if (!holder || meal.servedOn < firstDay || meal.selfPayFen === 0 || !random.chance(0.45)) continue
    const at = `${meal.servedOn}T11:30:00`
    events.push({
      at,
      apply: () => {
        if (post(holder.cardId, 'meal_payment', -meal.selfPayFen, at, { referenceId: meal.id, facilityId: meal.facilityId, note: mealPaymentNote(meal) })) paidByCard.add(meal.id)
      },
    })
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  // The current month is replayed up to now only: no top-up or allowance dated after the seeding.
  for (const event of events) if (new Date(`${event.at}+08:00`) <= now) event.apply()
  // A meal payment's ledger id is the meal's id, as when an operator records a card-paid meal.
  for (const entry of entries) if (entry.kind === 'meal_payment') entry.id = entry.referenceId!
  return { entries, balances: balance, paidByCard }
}
