import { uuidv7 } from '@eldercare/db'
import type { AllowanceGrantResult, AllowanceRule, AllowanceRuleCreate, CardSettings, ElderCategory } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { changedFields } from '../audit/audit-changes.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { monthRange } from '../settlements/settlements.repository.js'
import { postMovement } from './card-ledger.js'
import type { AllowanceRuleRow } from './care-cards.repository.js'

function mapRule(row: AllowanceRuleRow): AllowanceRule {
  return { id: row.id, name: row.name, category: row.category as ElderCategory, amountFen: row.amountFen, purse: row.purse, validFrom: row.validFrom, validTo: row.validTo }
}

export default fp(
  async (fastify) => {
    const cards = fastify.careCardsRepository
    const audit = fastify.auditRepository

    async function rules(actor: Actor) {
      const items = (await cards.allowanceRules(actor.tenantId)).map(mapRule)
      return { items, total: items.length }
    }

    async function createRule(actor: Actor, input: AllowanceRuleCreate): Promise<AllowanceRule> {
      const { purses } = await cards.settings(actor.tenantId)
      if (!purses.some((p) => p.code === input.purse)) throw new AppError('CARD_PURSE_INVALID', `no purse ${input.purse}`)
      if (input.validTo && input.validTo < input.validFrom) throw new AppError('ALLOWANCE_RULE_INVALID', 'a rule cannot end before it starts')
      return fastify.db.transaction(async (tx) => {
        const row = await cards.insertAllowanceRule({ tenantId: actor.tenantId, id: uuidv7(), ...input, validTo: input.validTo ?? null }, tx)
        await audit.record(actor, { action: 'allowance_rule.create', entityType: 'allowance_rule', entityId: row.id, changes: changedFields(null, { ...input }) }, tx)
        return mapRule(row)
      })
    }

    /**
     * The month's allowance: every live card of an elder holding a rule's category on the 1st gets the
     * rule's amount once. The ledger's unique index keeps a repeated run from paying twice.
     * Rule: a month is granted only once it has begun (the current month or earlier, Asia/Shanghai);
     * a future month may be previewed, and granting it is refused with ALLOWANCE_MONTH_IN_FUTURE.
     */
    async function grant(actor: Actor, month: string, dryRun: boolean): Promise<AllowanceGrantResult> {
      if (!dryRun && month > shanghaiToday().slice(0, 7)) throw new AppError('ALLOWANCE_MONTH_IN_FUTURE', `${month} has not begun: it can be previewed, not granted`)
      const [firstDay] = monthRange(month)
      const inForce = (await cards.allowanceRules(actor.tenantId)).filter((r) => r.validFrom <= firstDay && (r.validTo === null || r.validTo >= firstDay))
      const holders = (await cards.cardsWithCategories(actor.tenantId, firstDay)).filter((card) => card.elderStatus === 'active')
      const credited = await cards.creditedAllowances(actor.tenantId, month)
      const items: AllowanceGrantResult['items'] = []
      const ruleOfItem: string[] = []
      let alreadyCredited = 0
      for (const card of holders) {
        for (const rule of inForce.filter((r) => card.categories.includes(r.category))) {
          const referenceId = `${month}:${rule.id}`
          // Per elder, not per card: a card reissued mid-month does not earn the month twice.
          if (credited.has(`${card.elderId}:${rule.purse}:${referenceId}`)) {
            alreadyCredited++
            continue
          }
          items.push({ cardId: card.cardId, cardNo: card.cardNo, elderName: card.elderName, rule: rule.name, purse: rule.purse, amountFen: rule.amountFen })
          ruleOfItem.push(rule.id)
        }
      }
      const result = { month, dryRun, credits: items.length, alreadyCredited, totalFen: items.reduce((s, i) => s + i.amountFen, 0), items }
      if (dryRun) return result
      const posted: AllowanceGrantResult['items'] = []
      await fastify.db.transaction(async (tx) => {
        for (const [index, item] of items.entries()) {
          const outcome = await postMovement(
            cards,
            { tenantId: actor.tenantId, id: uuidv7(), cardId: item.cardId, purse: item.purse, kind: 'allowance', amountFen: item.amountFen, referenceId: `${month}:${ruleOfItem[index]}`, note: item.rule, createdBy: actor.userId },
            tx,
          )
          if (outcome.status === 'posted') posted.push(item)
        }
        const totalFen = posted.reduce((s, i) => s + i.amountFen, 0)
        await audit.record(actor, { action: 'allowance.grant', entityType: 'allowance', entityId: month, changes: { credits: { to: posted.length }, totalFen: { to: totalFen } } }, tx)
      })
      // What was really posted: a card credited meanwhile by another run is not counted twice.
      return { month, dryRun, credits: posted.length, alreadyCredited: alreadyCredited + items.length - posted.length, totalFen: posted.reduce((s, i) => s + i.amountFen, 0), items: posted }
    }

    /** Year-end expiry (when the tenant says allowances expire): what is left of the year's allowance goes. */
    async function expire(actor: Actor, year: number, dryRun: boolean) {
      const { allowanceExpiry } = await cards.settings(actor.tenantId)
      if (allowanceExpiry !== 'year_end') throw new AppError('ALLOWANCE_RULE_INVALID', 'allowances of this district do not expire')
      const rows = await cards.allowanceBalances(actor.tenantId, year)
      const expiring = rows
        .map((row) => ({ ...row, amountFen: Math.min(row.balanceFen, Math.max(0, row.allowanceFen - row.spentFen - row.expiredFen)) }))
        .filter((row) => row.amountFen > 0)
      if (!dryRun) {
        await fastify.db.transaction(async (tx) => {
          for (const row of expiring) {
            await postMovement(cards, { tenantId: actor.tenantId, id: uuidv7(), cardId: row.cardId, purse: row.purse, kind: 'expiry', amountFen: -row.amountFen, referenceId: `expiry:${year}`, note: `${year}年度补贴到期`, createdBy: actor.userId }, tx)
          }
          await audit.record(actor, { action: 'allowance.expire', entityType: 'allowance', entityId: String(year), changes: { cards: { to: expiring.length } } }, tx)
        })
      }
      return { year, dryRun, cards: new Set(expiring.map((r) => r.cardId)).size, totalFen: expiring.reduce((s, r) => s + r.amountFen, 0) }
    }

    async function getSettings(actor: Actor): Promise<CardSettings> {
      const { purses, allowanceExpiry, cancellationRule, serviceTypes } = await cards.settings(actor.tenantId)
      return { purses, allowanceExpiry, cancellationRule, serviceTypes }
    }

    async function saveSettings(actor: Actor, input: CardSettings): Promise<CardSettings> {
      const codes = input.purses.map((p) => p.code)
      if (new Set(codes).size !== codes.length) throw new AppError('CARD_PURSE_INVALID', 'purse codes must differ')
      if (!input.purses.some((p) => p.pays.includes('meal'))) throw new AppError('CARD_PURSE_INVALID', 'one purse must pay meals')
      const before = await getSettings(actor)
      const removed = before.purses.filter((p) => !codes.includes(p.code))
      if (removed.length > 0) throw new AppError('CARD_PURSE_INVALID', 'purses cannot be removed once cards hold them')
      await fastify.db.transaction(async (tx) => {
        await cards.saveSettings(actor.tenantId, input, tx)
        await audit.record(actor, { action: 'card_settings.update', entityType: 'card_settings', entityId: actor.tenantId, changes: changedFields(before, input) }, tx)
      })
      return getSettings(actor)
    }

    fastify.decorate('allowancesService', { rules, createRule, grant, expire, getSettings, saveSettings })
  },
  { name: 'allowances-service', dependencies: ['care-cards-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    allowancesService: {
      rules(actor: Actor): Promise<{ items: AllowanceRule[]; total: number }>
      createRule(actor: Actor, input: AllowanceRuleCreate): Promise<AllowanceRule>
      grant(actor: Actor, month: string, dryRun: boolean): Promise<AllowanceGrantResult>
      expire(actor: Actor, year: number, dryRun: boolean): Promise<{ year: number; dryRun: boolean; cards: number; totalFen: number }>
      getSettings(actor: Actor): Promise<CardSettings>
      saveSettings(actor: Actor, input: CardSettings): Promise<CardSettings>
    }
  }
}
