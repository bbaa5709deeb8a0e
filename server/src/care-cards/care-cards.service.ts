import { randomInt } from 'node:crypto'
import { uuidv7, type Executor } from '@eldercare/db'
import type { PurseSetting } from '@eldercare/db/schema'
import type {
  ErrorCode,
  CardFacilityStatement,
  CardTotals,
  CardTransaction,
  CareCard,
  CareCardIssue,
  CareCardSearchBody,
  LedgerEntry,
  MealMode,
  MealSlot,
  Reconciliation,
} from '@eldercare/shared'
import { sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { classifySearch } from '../elders/elder-identity.js'
import { AppError, notFound } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { isUniqueViolation } from '../http/postgres-errors.js'
import { monthRange } from '../settlements/settlements.repository.js'
import { movementHash, postMovement, type PostResult } from './card-ledger.js'
import { writeCardStatementXlsx, writeCardTotalsXlsx } from './card-statement-xlsx.js'
import { mapCareCard, mapLedgerEntry } from './care-cards.mapper.js'
import type { CardView } from './care-cards.repository.js'
import { mealPaymentNote } from '../meals/meal-labels.js'

/** Refusals that depend on the card's state at the time, remembered per operation id. */
const STATE_REFUSALS = new Set<ErrorCode>(['CARD_INSUFFICIENT_BALANCE', 'CARD_FROZEN', 'CARD_CANCELLED'])

/** The purse that pays a kind of payment: the first purse that says it does. */
export function pursePaying(purses: PurseSetting[], kind: 'meal' | 'service'): string | undefined {
  return purses.find((purse) => purse.pays.includes(kind))?.code
}

export default fp(
  async (fastify) => {
    const cards = fastify.careCardsRepository
    const audit = fastify.auditRepository

    async function settings(tenantId: string) {
      return cards.settings(tenantId)
    }

    /** A card whose elder the actor may see, or 404. */
    async function load(actor: Actor, id: string, exec: Executor = fastify.db): Promise<CardView> {
      const card = await cards.find(actor.tenantId, id, exec)
      if (!card) throw notFound('care card')
      // Bureau roles see the whole district; others only cards of elders within their scope.
      if (scopeOf(actor).kind !== 'tenant') {
        await fastify.eldersService.get(actor, card.elderId).catch(() => {
          throw notFound('care card')
        })
      }
      return card
    }

    async function view(actor: Actor, id: string, exec?: Executor): Promise<CareCard> {
      const { purses } = await settings(actor.tenantId)
      return mapCareCard((await cards.find(actor.tenantId, id, exec))!, purses)
    }

    async function newCardNo(tenantId: string, tenantCode: string): Promise<string> {
      for (;;) {
        const cardNo = `${tenantCode}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`
        if (!(await cards.cardNoTaken(tenantId, cardNo))) return cardNo
      }
    }

    /** Cards by filters (`GET /care-cards`) or searched (`POST /care-cards/search`). */
    async function list(actor: Actor, query: CareCardSearchBody) {
      const { page = 1, pageSize = 20, q, status, elderId } = query
      let search
      const text = q?.trim().toUpperCase()
      if (text && /^[0-9A-Z]{6,20}$/.test(text) && !/^[A-Z]+$/.test(text)) search = cards.searchBy.cardNo(text)
      else if (q?.trim()) {
        const kind = classifySearch(q, fastify.pii)
        search =
          kind.kind === 'idTail' ? cards.searchBy.cardNoOrTail(kind.tail) : kind.kind === 'initials' ? cards.searchBy.initials(kind.prefix) : cards.searchBy.name(q.trim())
      }
      const scope = await fastify.eldersService.scopeFilter(actor, shanghaiToday())
      const scopeElder = scope.scopeTownCodes
        ? scope.scopeTownCodes.length > 0
          ? sql`substr("elders"."community_code", 1, 9) in ${scope.scopeTownCodes}`
          : sql`false`
        : scope.scopeCommunityCodes
          ? scope.scopeCommunityCodes.length > 0
            ? sql`"elders"."community_code" in ${scope.scopeCommunityCodes}`
            : sql`false`
          : undefined
      const { rows, total } = await cards.list(actor.tenantId, { ...(search ? { search } : {}), ...(status ? { status } : {}), ...(elderId ? { elderId } : {}), ...(scopeElder ? { scopeElder } : {}) }, page, pageSize)
      const { purses } = await settings(actor.tenantId)
      return { items: rows.map((row) => mapCareCard(row, purses)), total }
    }

    async function issue(actor: Actor, input: CareCardIssue): Promise<CareCard> {
      const elder = await fastify.eldersService.get(actor, input.elderId)
      if (elder.status !== 'active') throw new AppError('CARD_STATE', 'cards are issued to elders on the roster only')
      const tenant = (await fastify.tenantsRepository.findById(actor.tenantId))!
      const cardNo = input.cardNo ?? (await newCardNo(actor.tenantId, tenant.code))
      const { purses } = await settings(actor.tenantId)
      const id = uuidv7()
      try {
        await fastify.db.transaction(async (tx) => {
          if (await cards.liveCardOf(actor.tenantId, input.elderId, tx)) throw new AppError('CARD_ALREADY_ISSUED', 'the elder already holds a card')
          await cards.insertCard({ tenantId: actor.tenantId, id, cardNo, elderId: input.elderId, issuedOn: shanghaiToday(), issuedBy: actor.userId }, purses.map((p) => p.code), tx)
          await audit.record(actor, { action: 'card.issue', entityType: 'care_card', entityId: id, changes: { cardNo: { to: cardNo }, elderId: { to: input.elderId } } }, tx)
        })
      } catch (error) {
        if (isUniqueViolation(error)) {
          if (await cards.cardNoTaken(actor.tenantId, cardNo)) throw new AppError('CARD_NO_TAKEN', `card number ${cardNo} is in use`)
          throw new AppError('CARD_ALREADY_ISSUED', 'the elder already holds a card')
        }
        throw error
      }
      return view(actor, id)
    }

    async function setFrozen(actor: Actor, id: string, frozen: boolean): Promise<CareCard> {
      const card = await load(actor, id)
      if (card.status === 'cancelled') throw new AppError('CARD_CANCELLED', 'the card is cancelled')
      const status = frozen ? 'frozen' : 'active'
      if (card.status !== status) {
        await fastify.db.transaction(async (tx) => {
          await cards.setStatus(actor.tenantId, id, { status }, tx)
          await audit.record(actor, { action: frozen ? 'card.freeze' : 'card.unfreeze', entityType: 'care_card', entityId: id, changes: { status: { from: card.status, to: status } } }, tx)
        })
      }
      return view(actor, id)
    }

    /** Empties every purse of a card with one kind of entry (transfer out, cancellation). */
    async function emptyPurses(actor: Actor, card: CardView, kind: 'transfer_out' | 'cancellation', note: string, tx: Executor) {
      const moved: { purse: string; amountFen: number }[] = []
      for (const purse of card.purses.filter((p) => p.balanceFen > 0)) {
        await postMovement(cards, { tenantId: actor.tenantId, id: uuidv7(), cardId: card.id, purse: purse.purse, kind, amountFen: -purse.balanceFen, note, createdBy: actor.userId }, tx)
        moved.push({ purse: purse.purse, amountFen: purse.balanceFen })
      }
      return moved
    }

    /** A new card for a lost one: the balance moves over and the old card is cancelled, all in one transaction. */
    async function reissue(actor: Actor, id: string, input: { cardNo?: string; reason: string }): Promise<CareCard> {
      const old = await load(actor, id)
      if (old.status === 'cancelled') throw new AppError('CARD_CANCELLED', 'the card is cancelled')
      const tenant = (await fastify.tenantsRepository.findById(actor.tenantId))!
      const cardNo = input.cardNo ?? (await newCardNo(actor.tenantId, tenant.code))
      const { purses } = await settings(actor.tenantId)
      const newId = uuidv7()
      try {
        await fastify.db.transaction(async (tx) => {
          const current = (await cards.find(actor.tenantId, id, tx))!
          const moved = await emptyPurses(actor, current, 'transfer_out', `补卡转出：${input.reason}`, tx)
          await cards.setStatus(actor.tenantId, id, { status: 'cancelled', cancelledAt: new Date(), cancelReason: `补卡：${input.reason}`, replacedByCardId: newId }, tx)
          await cards.insertCard({ tenantId: actor.tenantId, id: newId, cardNo, elderId: old.elderId, issuedOn: shanghaiToday(), issuedBy: actor.userId }, purses.map((p) => p.code), tx)
          for (const { purse, amountFen } of moved) {
            await postMovement(cards, { tenantId: actor.tenantId, id: uuidv7(), cardId: newId, purse, kind: 'transfer_in', amountFen, referenceId: id, note: '补卡转入', createdBy: actor.userId }, tx)
          }
          await audit.record(actor, { action: 'card.reissue', entityType: 'care_card', entityId: id, changes: { replacedBy: { to: newId }, cardNo: { from: old.cardNo, to: cardNo } } }, tx)
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('CARD_NO_TAKEN', `card number ${cardNo} is in use`)
        throw error
      }
      return view(actor, newId)
    }

    /** Cancelling (death, moving away) settles the balance by the tenant's rule and records it. */
    async function cancel(actor: Actor, id: string, reason: string): Promise<CareCard> {
      const card = await load(actor, id)
      if (card.status === 'cancelled') throw new AppError('CARD_CANCELLED', 'the card is already cancelled')
      const { cancellationRule } = await settings(actor.tenantId)
      const note = cancellationRule === 'refund_family' ? `注销退还家属：${reason}` : `注销余额退回民政局：${reason}`
      await fastify.db.transaction(async (tx) => {
        const current = (await cards.find(actor.tenantId, id, tx))!
        const moved = await emptyPurses(actor, current, 'cancellation', note, tx)
        await cards.setStatus(actor.tenantId, id, { status: 'cancelled', cancelledAt: new Date(), cancelReason: reason }, tx)
        await audit.record(
          actor,
          { action: 'card.cancel', entityType: 'care_card', entityId: id, changes: { status: { from: card.status, to: 'cancelled' }, settledFen: { to: moved.reduce((s, m) => s + m.amountFen, 0) }, rule: { to: cancellationRule } } },
          tx,
        )
      })
      return view(actor, id)
    }

    /** Top-ups, service payments and refunds posted by a client, exactly once by their id. */
    async function transact(actor: Actor, cardId: string, input: CardTransaction): Promise<{ created: boolean; entry: LedgerEntry }> {
      const card = await load(actor, cardId)
      const config = await settings(actor.tenantId)
      if (actor.role === 'canteen_operator' && input.kind !== 'service_payment') throw new AppError('FORBIDDEN', 'operators may only take service payments')
      // A refund is money from the bureau: only bureau roles give one.
      if (input.kind === 'refund' && actor.role !== 'bureau_admin' && actor.role !== 'bureau_staff') throw new AppError('FORBIDDEN', 'refunds are given by the bureau')
      if (input.kind === 'service_payment') {
        if (!input.facilityId || !input.serviceType) throw new AppError('VALIDATION_FAILED', 'a service payment names the provider and the service', [{ path: '/body/facilityId', message: 'required' }])
        if (!config.serviceTypes.includes(input.serviceType)) throw new AppError('VALIDATION_FAILED', 'not a service type of this district', [{ path: '/body/serviceType', message: 'unknown' }])
        await fastify.facilitiesService.findInScope(actor, input.facilityId)
      }
      const purse = input.purse ?? (input.kind === 'service_payment' ? pursePaying(config.purses, 'service') : config.purses[0]!.code)
      const setting = config.purses.find((p) => p.code === purse)
      if (!purse || !setting || (input.kind === 'service_payment' && !setting.pays.includes('service'))) {
        throw new AppError('CARD_PURSE_INVALID', `purse ${purse ?? '(none)'} cannot take this`)
      }
      const debit = input.kind === 'service_payment'
      const movement = {
        tenantId: actor.tenantId,
        id: input.id,
        cardId,
        purse,
        kind: input.kind,
        amountFen: debit ? -input.amountFen : input.amountFen,
        facilityId: input.facilityId ?? null,
        serviceType: input.serviceType ?? null,
        note: input.note ?? null,
        createdBy: actor.userId,
      }
      const contentHash = movementHash(movement)
      const refused = await cards.findRefusal(actor.tenantId, input.id)
      if (refused) {
        if (refused.contentHash !== contentHash) throw new AppError('CARD_ID_CONFLICT', 'this transaction id was already used for a different movement')
        throw new AppError(refused.code as ErrorCode, refused.message)
      }
      let result: PostResult
      try {
        if (card.status === 'cancelled') throw new AppError('CARD_CANCELLED', 'the card is cancelled')
        if (debit && card.status === 'frozen') throw new AppError('CARD_FROZEN', 'the card is frozen')
        result = await fastify.db.transaction((tx) => postMovement(cards, movement, tx))
      } catch (error) {
        // Refusals for the card's state are kept, so a retry of this id gets the same answer.
        if (error instanceof AppError && STATE_REFUSALS.has(error.code) && !(await cards.findEntry(actor.tenantId, input.id))) {
          await cards.recordRefusal({ tenantId: actor.tenantId, id: input.id, cardId, contentHash, code: error.code, message: error.message })
        }
        throw error
      }
      const entry = (await cards.findEntry(actor.tenantId, input.id))!
      return { created: result.status === 'posted', entry: mapLedgerEntry(entry) }
    }

    async function ledger(actor: Actor, cardId: string, page: number, pageSize: number) {
      await load(actor, cardId)
      const { rows, total } = await cards.ledger(actor.tenantId, cardId, page, pageSize)
      return { items: rows.map(mapLedgerEntry), total }
    }

    async function reconciliation(actor: Actor): Promise<Reconciliation> {
      const rows = await cards.reconcile(actor.tenantId)
      return {
        cards: new Set(rows.map((row) => row.cardId)).size,
        purses: rows.length,
        totalBalanceFen: rows.reduce((sum, row) => sum + row.balanceFen, 0),
        totalLedgerFen: rows.reduce((sum, row) => sum + row.ledgerFen, 0),
        mismatches: rows.filter((row) => row.balanceFen !== row.ledgerFen),
      }
    }

    async function facilityStatement(actor: Actor, facilityId: string, month: string): Promise<CardFacilityStatement> {
      await fastify.facilitiesService.findInScope(actor, facilityId)
      const [from, to] = monthRange(month)
      const rows = await cards.facilityMonth(actor.tenantId, facilityId, from, to)
      const sum = (kind: string) => rows.find((row) => row.kind === kind)?.amountFen ?? 0
      const mealPaymentsFen = -sum('meal_payment')
      const servicePaymentsFen = -sum('service_payment')
      const refundsFen = sum('refund')
      return { facilityId, month, mealPaymentsFen, servicePaymentsFen, refundsFen, reimbursableFen: mealPaymentsFen + servicePaymentsFen - refundsFen, entries: rows.reduce((s, r) => s + r.entries, 0) }
    }

    /**
     * Pays a meal's self-pay from the elder's card inside the meal's own transaction. The ledger entry
     * takes the meal's id, so the payment is as exactly-once as the meal.
     */
    async function payMeal(tx: Executor, meal: { tenantId: string; id: string; elderId: string; facilityId: string; selfPayFen: number; recordedBy: string; servedOn: string; slot: MealSlot; mode: MealMode }) {
      const card = await cards.liveCardOf(meal.tenantId, meal.elderId, tx)
      if (!card) throw new AppError('CARD_NOT_FOUND', 'the elder holds no card')
      if (card.status === 'frozen') throw new AppError('CARD_FROZEN', 'the card is frozen')
      if (meal.selfPayFen === 0) return
      const purse = pursePaying((await cards.settings(meal.tenantId, tx)).purses, 'meal')
      if (!purse) throw new AppError('CARD_PURSE_INVALID', 'no purse of this card pays meals')
      await postMovement(cards, { tenantId: meal.tenantId, id: meal.id, cardId: card.id, purse, kind: 'meal_payment', amountFen: -meal.selfPayFen, referenceId: meal.id, facilityId: meal.facilityId, note: mealPaymentNote(meal), createdBy: meal.recordedBy }, tx)
    }

    /** Gives a voided meal's card payment back: to the paying card, or to the card that replaced it. */
    async function refundMeal(tx: Executor, actor: Actor, meal: { id: string; elderId: string; facilityId: string }) {
      const payment = await cards.findEntry(actor.tenantId, meal.id, tx)
      if (!payment) return
      const paying = await cards.find(actor.tenantId, payment.cardId, tx)
      const target = paying && paying.status !== 'cancelled' ? paying.id : (await cards.liveCardOf(actor.tenantId, meal.elderId, tx))?.id
      if (!target) return
      await postMovement(cards, { tenantId: actor.tenantId, id: uuidv7(), cardId: target, purse: payment.purse, kind: 'refund', amountFen: -payment.amountFen, referenceId: meal.id, facilityId: meal.facilityId, note: '作废就餐退款', createdBy: actor.userId }, tx)
    }

    async function get(actor: Actor, id: string): Promise<CareCard> {
      await load(actor, id)
      return view(actor, id)
    }

    async function totals(actor: Actor, month: string): Promise<CardTotals> {
      const [from, to] = monthRange(month)
      const result = await cards.totals(actor.tenantId, new Date(`${from}T00:00:00+08:00`), new Date(`${to}T00:00:00+08:00`))
      return {
        month,
        cards: result.cardCounts.reduce((sum, row) => sum + row.cards, 0),
        activeCards: result.cardCounts.find((row) => row.status === 'active')?.cards ?? 0,
        balanceFen: result.balanceFen,
        byKind: result.byKind,
      }
    }

    async function exportStatement(actor: Actor, id: string): Promise<Buffer> {
      const card = await get(actor, id)
      return writeCardStatementXlsx(card, await cards.fullLedger(actor.tenantId, id))
    }

    async function exportTotals(actor: Actor, month: string): Promise<Buffer> {
      const tenant = await fastify.tenantsRepository.findById(actor.tenantId)
      return writeCardTotalsXlsx(await totals(actor, month), tenant?.name ?? '')
    }

    fastify.decorate('careCardsService', { totals, exportStatement, exportTotals, list, get, issue, setFrozen, reissue, cancel, transact, ledger, reconciliation, facilityStatement, payMeal, refundMeal })
  },
  { name: 'care-cards-service', dependencies: ['care-cards-repository', 'elders-service', 'facilities-repository', 'tenants-repository', 'audit-repository', 'pii'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    careCardsService: {
      totals(actor: Actor, month: string): Promise<CardTotals>
      exportStatement(actor: Actor, id: string): Promise<Buffer>
      exportTotals(actor: Actor, month: string): Promise<Buffer>
      list(actor: Actor, query: CareCardSearchBody): Promise<{ items: CareCard[]; total: number }>
      get(actor: Actor, id: string): Promise<CareCard>
      issue(actor: Actor, input: CareCardIssue): Promise<CareCard>
      setFrozen(actor: Actor, id: string, frozen: boolean): Promise<CareCard>
      reissue(actor: Actor, id: string, input: { cardNo?: string; reason: string }): Promise<CareCard>
      cancel(actor: Actor, id: string, reason: string): Promise<CareCard>
      transact(actor: Actor, cardId: string, input: CardTransaction): Promise<{ created: boolean; entry: LedgerEntry }>
      ledger(actor: Actor, cardId: string, page: number, pageSize: number): Promise<{ items: LedgerEntry[]; total: number }>
      reconciliation(actor: Actor): Promise<Reconciliation>
      facilityStatement(actor: Actor, facilityId: string, month: string): Promise<CardFacilityStatement>
      payMeal(tx: Executor, meal: { tenantId: string; id: string; elderId: string; facilityId: string; selfPayFen: number; recordedBy: string; servedOn: string; slot: MealSlot; mode: MealMode }): Promise<void>
      refundMeal(tx: Executor, actor: Actor, meal: { id: string; elderId: string; facilityId: string }): Promise<void>
    }
  }
}
