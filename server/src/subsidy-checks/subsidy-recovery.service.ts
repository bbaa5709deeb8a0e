import { uuidv7 } from '@eldercare/db'
import type { SubsidyFinding } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { postMovement } from '../care-cards/card-ledger.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { mapFinding } from './subsidy-checks.service.js'

/**
 * Confirming a finding recovers its money, in one transaction with the decision:
 * - each meal's subsidy becomes a 追回补贴 line of its facility's settlement for the month of the
 *   confirmation (never submitted yet: months are submitted after they end); the meal stays as stored;
 * - each allowance is reversed on the card by a `recovery` ledger entry, as far as the purse still
 *   holds it (a balance never goes negative; what was spent is reported as not recoverable).
 * A meal is recovered once, whichever findings name it.
 */
export default fp(
  async (fastify) => {
    const repository = fastify.subsidyChecksRepository
    const cards = fastify.careCardsRepository
    const audit = fastify.auditRepository

    /**
     * `at` dates a decision taken before now (the demo's last month): it names the settlement month.
     * Reversals on a card are dated when posted, as every ledger entry is.
     */
    async function confirm(actor: Actor, id: string, reason: string, at: Date = new Date()): Promise<SubsidyFinding> {
      const finding = await fastify.subsidyChecksService.load(actor, id)
      const month = shanghaiToday(at).slice(0, 7)
      await fastify.db.transaction(async (tx) => {
        if (!(await repository.decide(actor.tenantId, id, { status: 'confirmed', reason, decidedBy: actor.userId }, tx, at))) {
          throw new AppError('SUBSIDY_FINDING_DECIDED', 'the finding was already decided')
        }
        const meals = (await repository.mealsByIds(actor.tenantId, finding.mealRecordIds, tx)).filter((meal) => meal.voidedAt === null && meal.subsidyFen > 0)
        const recovered = await repository.insertRecoveries(
          meals.map((meal) => ({ tenantId: actor.tenantId, id: uuidv7(), findingId: id, facilityId: meal.facilityId, mealRecordId: meal.id, month, amountFen: meal.subsidyFen })),
          tx,
        )
        const mealsFen = recovered === meals.length ? meals.reduce((total, meal) => total + meal.subsidyFen, 0) : (await repository.recoveredFenOf(actor.tenantId, id, tx))
        let allowanceFen = 0
        let unrecoverableFen = 0
        for (const entryId of finding.ledgerEntryIds) {
          const entry = await cards.findEntry(actor.tenantId, entryId, tx)
          if (!entry) continue
          const card = await cards.find(actor.tenantId, entry.cardId, tx)
          const balance = card?.purses.find((purse) => purse.purse === entry.purse)?.balanceFen ?? 0
          const amount = Math.min(entry.amountFen, balance)
          unrecoverableFen += entry.amountFen - amount
          if (amount <= 0) continue
          await postMovement(
            cards,
            { tenantId: actor.tenantId, id: uuidv7(), cardId: entry.cardId, purse: entry.purse, kind: 'recovery', amountFen: -amount, referenceId: `subsidy_finding:${id}:${entry.id}`, note: '追回补贴', createdBy: actor.userId },
            tx,
          )
          allowanceFen += amount
        }
        const recovery = { month, mealsFen, allowanceFen, unrecoverableFen }
        await repository.updateFinding(actor.tenantId, id, { recovery }, tx)
        await audit.record(
          actor,
          { action: 'subsidy_check.confirm', entityType: 'subsidy_finding', entityId: id, changes: { status: { from: 'open', to: 'confirmed' }, reason: { to: reason }, recoveredMealsFen: { to: mealsFen }, reversedAllowanceFen: { to: allowanceFen }, unrecoverableFen: { to: unrecoverableFen } } },
          tx,
        )
      })
      return mapFinding((await repository.find(actor.tenantId, id))!)
    }

    fastify.decorate('subsidyRecoveryService', { confirm })
  },
  { name: 'subsidy-recovery-service', dependencies: ['subsidy-checks-service', 'care-cards-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    subsidyRecoveryService: {
      confirm(actor: Actor, id: string, reason: string, at?: Date): Promise<SubsidyFinding>
    }
  }
}
