import { schema, type Executor } from '@eldercare/db'
import type { PurseSetting } from '@eldercare/db/schema'
import { and, asc, count, desc, eq, gte, ilike, inArray, like, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { careCards, cardPurses, cardLedgerEntries, cardSettings, allowanceRules, elders, cardRefusedOperations } = schema
export type CareCardRow = typeof careCards.$inferSelect
export type LedgerEntryRow = typeof cardLedgerEntries.$inferSelect
export type LedgerEntryInsert = typeof cardLedgerEntries.$inferInsert
export type AllowanceRuleRow = typeof allowanceRules.$inferSelect

export interface CardSettingValues {
  purses: PurseSetting[]
  allowanceExpiry: 'never' | 'year_end'
  cancellationRule: 'refund_family' | 'return_bureau'
  serviceTypes: string[]
}

export const DEFAULT_CARD_SETTINGS: CardSettingValues = {
  purses: [{ code: 'general', name: '通用', pays: ['meal', 'service'] }],
  allowanceExpiry: 'never',
  cancellationRule: 'return_bureau',
  serviceTypes: ['助浴', '助洁', '助医', '康复护理', '陪护'],
}

export type CardView = CareCardRow & { elderName: string; idNumberHead: string; idNumberTail: string; purses: { purse: string; balanceFen: number }[] }

function careCardsRepository(db: Executor) {
  async function withPurses(tenantId: string, rows: (CareCardRow & { elderName: string; idNumberHead: string; idNumberTail: string })[], exec: Executor): Promise<CardView[]> {
    if (rows.length === 0) return []
    const purses = await exec
      .select()
      .from(cardPurses)
      .where(and(eq(cardPurses.tenantId, tenantId), inArray(cardPurses.cardId, rows.map((row) => row.id))))
      .orderBy(asc(cardPurses.purse))
    return rows.map((row) => ({ ...row, purses: purses.filter((p) => p.cardId === row.id).map((p) => ({ purse: p.purse, balanceFen: p.balanceFen })) }))
  }

  const selectCards = (exec: Executor) =>
    exec
      .select({ card: careCards, elderName: elders.name, idNumberHead: elders.idNumberHead, idNumberTail: elders.idNumberTail })
      .from(careCards)
      .innerJoin(elders, and(eq(elders.tenantId, careCards.tenantId), eq(elders.id, careCards.elderId)))

  const flat = (row: { card: CareCardRow; elderName: string; idNumberHead: string; idNumberTail: string }) => ({
    ...row.card,
    elderName: row.elderName,
    idNumberHead: row.idNumberHead,
    idNumberTail: row.idNumberTail,
  })

  return {
    async settings(tenantId: string, exec: Executor = db) {
      const [row] = await exec.select().from(cardSettings).where(eq(cardSettings.tenantId, tenantId))
      return row ?? { tenantId, ...DEFAULT_CARD_SETTINGS }
    },

    async saveSettings(tenantId: string, values: CardSettingValues, exec: Executor = db) {
      await exec.insert(cardSettings).values({ tenantId, ...values }).onConflictDoUpdate({ target: cardSettings.tenantId, set: { ...values, updatedAt: new Date() } })
    },

    async find(tenantId: string, id: string, exec: Executor = db): Promise<CardView | undefined> {
      const rows = await selectCards(exec).where(and(eq(careCards.tenantId, tenantId), eq(careCards.id, id)))
      return (await withPurses(tenantId, rows.map(flat), exec))[0]
    },

    /** The elder's card that is not cancelled (active or frozen), if any. */
    async liveCardOf(tenantId: string, elderId: string, exec: Executor = db): Promise<CareCardRow | undefined> {
      const [row] = await exec
        .select()
        .from(careCards)
        .where(and(eq(careCards.tenantId, tenantId), eq(careCards.elderId, elderId), ne(careCards.status, 'cancelled')))
      return row
    },

    async list(tenantId: string, filter: { search?: SQL; status?: string; elderId?: string; scopeElder?: SQL }, page: number, pageSize: number) {
      const where: SQL[] = [eq(careCards.tenantId, tenantId)]
      if (filter.search) where.push(filter.search)
      if (filter.status) where.push(sql`${careCards.status} = ${filter.status}`)
      if (filter.elderId) where.push(eq(careCards.elderId, filter.elderId))
      if (filter.scopeElder) where.push(filter.scopeElder)
      const condition = and(...where)
      const rows = await selectCards(db).where(condition).orderBy(asc(careCards.cardNo)).limit(pageSize).offset((page - 1) * pageSize)
      const [total] = await db
        .select({ total: count() })
        .from(careCards)
        .innerJoin(elders, and(eq(elders.tenantId, careCards.tenantId), eq(elders.id, careCards.elderId)))
        .where(condition)
      return { rows: await withPurses(tenantId, rows.map(flat), db), total: total?.total ?? 0 }
    },

    /** Search conditions over cards and their elders; the service decides which one the text is. */
    searchBy: {
      cardNo: (cardNo: string) => eq(careCards.cardNo, cardNo),
      name: (text: string) => ilike(elders.name, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
      initials: (prefix: string) => like(elders.nameInitials, `${prefix}%`),
      idTail: (tail: string) => eq(elders.idNumberTail, tail),
      cardNoOrTail: (text: string) => or(eq(careCards.cardNo, text), eq(elders.idNumberTail, text))!,
    },

    async insertCard(row: typeof careCards.$inferInsert, purses: string[], exec: Executor = db): Promise<void> {
      await exec.insert(careCards).values(row)
      await exec.insert(cardPurses).values(purses.map((purse) => ({ tenantId: row.tenantId, cardId: row.id, purse })))
    },

    async setStatus(tenantId: string, id: string, changes: Partial<typeof careCards.$inferInsert>, exec: Executor = db) {
      await exec.update(careCards).set(changes).where(and(eq(careCards.tenantId, tenantId), eq(careCards.id, id)))
    },

    async cardNoTaken(tenantId: string, cardNo: string, exec: Executor = db): Promise<boolean> {
      const [row] = await exec.select({ id: careCards.id }).from(careCards).where(and(eq(careCards.tenantId, tenantId), eq(careCards.cardNo, cardNo)))
      return Boolean(row)
    },

    async findRefusal(tenantId: string, id: string) {
      const [row] = await db.select().from(cardRefusedOperations).where(and(eq(cardRefusedOperations.tenantId, tenantId), eq(cardRefusedOperations.id, id)))
      return row
    },

    async recordRefusal(row: typeof cardRefusedOperations.$inferInsert) {
      await db.insert(cardRefusedOperations).values(row).onConflictDoNothing()
    },

    /** Inserts the entry unless its id exists; returns whether it was new. */
    async insertEntry(row: LedgerEntryInsert, exec: Executor): Promise<boolean> {
      // clock_timestamp, not the transaction's start: entries of one transaction keep their order.
      const inserted = await exec
        .insert(cardLedgerEntries)
        .values({ ...row, createdAt: sql`clock_timestamp()` })
        .onConflictDoNothing()
        .returning({ id: cardLedgerEntries.id })
      return inserted.length > 0
    },

    async findEntry(tenantId: string, id: string, exec: Executor = db): Promise<LedgerEntryRow | undefined> {
      const [row] = await exec.select().from(cardLedgerEntries).where(and(eq(cardLedgerEntries.tenantId, tenantId), eq(cardLedgerEntries.id, id)))
      return row
    },

    async setEntryBalance(tenantId: string, id: string, balanceAfterFen: number, exec: Executor) {
      await exec.update(cardLedgerEntries).set({ balanceAfterFen }).where(and(eq(cardLedgerEntries.tenantId, tenantId), eq(cardLedgerEntries.id, id)))
    },

    /**
     * Moves a purse's balance by `delta` only if it stays at or above zero: one conditional UPDATE,
     * so parallel payments can never overdraw. Returns the new balance, or null when refused.
     */
    async moveBalance(tenantId: string, cardId: string, purse: string, delta: number, exec: Executor): Promise<number | null> {
      const [row] = await exec
        .update(cardPurses)
        .set({ balanceFen: sql`${cardPurses.balanceFen} + ${delta}` })
        .where(and(eq(cardPurses.tenantId, tenantId), eq(cardPurses.cardId, cardId), eq(cardPurses.purse, purse), sql`${cardPurses.balanceFen} + ${delta} >= 0`))
        .returning({ balanceFen: cardPurses.balanceFen })
      return row ? row.balanceFen : null
    },

    async ledger(tenantId: string, cardId: string, page: number, pageSize: number) {
      const where = and(eq(cardLedgerEntries.tenantId, tenantId), eq(cardLedgerEntries.cardId, cardId))
      const rows = await db
        .select()
        .from(cardLedgerEntries)
        .where(where)
        .orderBy(desc(cardLedgerEntries.createdAt), desc(cardLedgerEntries.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [total] = await db.select({ total: count() }).from(cardLedgerEntries).where(where)
      return { rows, total: total?.total ?? 0 }
    },

    /** Each purse's balance beside the sum of its entries. */
    async reconcile(tenantId: string) {
      return db
        .select({
          cardId: cardPurses.cardId,
          cardNo: careCards.cardNo,
          purse: cardPurses.purse,
          balanceFen: cardPurses.balanceFen,
          ledgerFen: sql<number>`coalesce((select sum(e.amount_fen) from ${cardLedgerEntries} e
            where e.tenant_id = "card_purses"."tenant_id" and e.card_id = "card_purses"."card_id" and e.purse = "card_purses"."purse"), 0)::bigint`.mapWith(Number),
        })
        .from(cardPurses)
        .innerJoin(careCards, and(eq(careCards.tenantId, cardPurses.tenantId), eq(careCards.id, cardPurses.cardId)))
        .where(eq(cardPurses.tenantId, tenantId))
    },

    async facilityMonth(tenantId: string, facilityId: string, from: string, to: string) {
      return db
        .select({ kind: cardLedgerEntries.kind, amountFen: sql<number>`coalesce(sum(${cardLedgerEntries.amountFen}), 0)::bigint`.mapWith(Number), entries: count() })
        .from(cardLedgerEntries)
        .where(
          and(
            eq(cardLedgerEntries.tenantId, tenantId),
            eq(cardLedgerEntries.facilityId, facilityId),
            gte(cardLedgerEntries.createdAt, new Date(`${from}T00:00:00+08:00`)),
            lt(cardLedgerEntries.createdAt, new Date(`${to}T00:00:00+08:00`)),
          ),
        )
        .groupBy(cardLedgerEntries.kind)
    },

    async totals(tenantId: string, from: Date, to: Date) {
      const [cardCounts, byKind, [balance]] = await Promise.all([
        db
          .select({ status: careCards.status, cards: count() })
          .from(careCards)
          .where(eq(careCards.tenantId, tenantId))
          .groupBy(careCards.status),
        db
          .select({ kind: cardLedgerEntries.kind, entries: count(), amountFen: sql<number>`coalesce(sum(${cardLedgerEntries.amountFen}), 0)::bigint`.mapWith(Number) })
          .from(cardLedgerEntries)
          .where(and(eq(cardLedgerEntries.tenantId, tenantId), gte(cardLedgerEntries.createdAt, from), lt(cardLedgerEntries.createdAt, to)))
          .groupBy(cardLedgerEntries.kind)
          .orderBy(cardLedgerEntries.kind),
        db.select({ balanceFen: sql<number>`coalesce(sum(${cardPurses.balanceFen}), 0)::bigint`.mapWith(Number) }).from(cardPurses).where(eq(cardPurses.tenantId, tenantId)),
      ])
      return { cardCounts, byKind, balanceFen: balance?.balanceFen ?? 0 }
    },

    /** A card's whole ledger, oldest first, for its printed statement. */
    async fullLedger(tenantId: string, cardId: string): Promise<LedgerEntryRow[]> {
      return db
        .select()
        .from(cardLedgerEntries)
        .where(and(eq(cardLedgerEntries.tenantId, tenantId), eq(cardLedgerEntries.cardId, cardId)))
        .orderBy(asc(cardLedgerEntries.createdAt), asc(cardLedgerEntries.id))
    },

    async allowanceRules(tenantId: string): Promise<AllowanceRuleRow[]> {
      return db.select().from(allowanceRules).where(eq(allowanceRules.tenantId, tenantId)).orderBy(asc(allowanceRules.validFrom), asc(allowanceRules.name))
    },

    async insertAllowanceRule(row: typeof allowanceRules.$inferInsert, exec: Executor = db) {
      const [created] = await exec.insert(allowanceRules).values(row).returning()
      return created!
    },

    /** Live cards with their elders' categories held on `day`, for an allowance run. */
    async cardsWithCategories(tenantId: string, day: string) {
      return db
        .select({
          cardId: careCards.id,
          elderId: careCards.elderId,
          cardNo: careCards.cardNo,
          status: careCards.status,
          elderName: elders.name,
          elderStatus: elders.status,
          categories: sql<string[]>`coalesce((select array_agg(c.category) from elder_categories c where c.tenant_id = "care_cards"."tenant_id"
            and c.elder_id = "care_cards"."elder_id" and c.start_on <= ${day}::date and (c.end_on is null or c.end_on >= ${day}::date)), '{}'::text[])`,
        })
        .from(careCards)
        .innerJoin(elders, and(eq(elders.tenantId, careCards.tenantId), eq(elders.id, careCards.elderId)))
        .where(and(eq(careCards.tenantId, tenantId), ne(careCards.status, 'cancelled')))
        .orderBy(asc(careCards.cardNo))
    },

    /** Allowance references (`YYYY-MM:ruleId`) already credited to each elder, on whichever card they held. */
    async creditedAllowances(tenantId: string, month: string): Promise<Set<string>> {
      const rows = await db
        .select({ elderId: careCards.elderId, purse: cardLedgerEntries.purse, referenceId: cardLedgerEntries.referenceId })
        .from(cardLedgerEntries)
        .innerJoin(careCards, and(eq(careCards.tenantId, cardLedgerEntries.tenantId), eq(careCards.id, cardLedgerEntries.cardId)))
        .where(and(eq(cardLedgerEntries.tenantId, tenantId), eq(cardLedgerEntries.kind, 'allowance'), like(cardLedgerEntries.referenceId, `${month}:%`)))
      return new Set(rows.map((row) => `${row.elderId}:${row.purse}:${row.referenceId}`))
    },

    /** Per card and purse: allowance credited for `year`, what the card spent that year, and what already expired. */
    async allowanceBalances(tenantId: string, year: number) {
      return db
        .select({
          cardId: cardPurses.cardId,
          purse: cardPurses.purse,
          balanceFen: cardPurses.balanceFen,
          allowanceFen: sql<number>`coalesce((select sum(e.amount_fen) from ${cardLedgerEntries} e where e.tenant_id = "card_purses"."tenant_id"
            and e.card_id = "card_purses"."card_id" and e.purse = "card_purses"."purse" and e.kind = 'allowance' and e.reference_id like ${`${year}-%`}), 0)::bigint`.mapWith(Number),
          expiredFen: sql<number>`coalesce((select -sum(e.amount_fen) from ${cardLedgerEntries} e where e.tenant_id = "card_purses"."tenant_id"
            and e.card_id = "card_purses"."card_id" and e.purse = "card_purses"."purse" and e.kind = 'expiry' and e.reference_id = ${`expiry:${year}`}), 0)::bigint`.mapWith(Number),
          spentFen: sql<number>`coalesce((select -sum(e.amount_fen) from ${cardLedgerEntries} e where e.tenant_id = "card_purses"."tenant_id"
            and e.card_id = "card_purses"."card_id" and e.purse = "card_purses"."purse" and e.kind in ('meal_payment', 'service_payment', 'refund')
            and e.created_at >= ${`${year}-01-01T00:00:00+08:00`}::timestamptz and e.created_at < ${`${year + 1}-01-01T00:00:00+08:00`}::timestamptz), 0)::bigint`.mapWith(Number),
        })
        .from(cardPurses)
        .where(eq(cardPurses.tenantId, tenantId))
    },
  }
}

export type CareCardsRepository = ReturnType<typeof careCardsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    careCardsRepository: CareCardsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('careCardsRepository', careCardsRepository(fastify.db))
  },
  { name: 'care-cards-repository', dependencies: ['database'] },
)
