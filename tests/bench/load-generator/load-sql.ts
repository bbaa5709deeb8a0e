import { readFile } from 'node:fs/promises'
import type { TransactionSql } from 'postgres'
import { SLOT_WEIGHTS, type LoadPlan } from './load-plan.js'

/** Who the generated rows name: the tenant and the accounts the test helper seeded. */
export interface LoadActors {
  tenantId: string
  adminId: string
  operatorId: string
  reporterId: string
}

/**
 * Session helpers for the generating transaction. The id of a generated movement is a UUIDv7 of its time,
 * the rest made from a salt; content hashes are those of `mealContentHash` and `movementHash`
 * (SHA-256 of the JSON array, base64url), so retries against generated rows behave as against real ones.
 */
export async function createSessionHelpers(sql: TransactionSql) {
  await sql`set local session_replication_role = replica`
  await sql`set local synchronous_commit = off`
  await sql`set local work_mem = '256MB'`
  await sql`set local maintenance_work_mem = '1GB'`
  await sql`set local timezone = 'Asia/Shanghai'`
  await sql`set local datestyle = 'ISO, YMD'`
  await sql`
    create function pg_temp.rnd(n integer, i integer, k bigint, salt integer) returns double precision
    language sql immutable parallel safe
    as $$ select (hashint8extended((n::bigint * 400 + i) * 4 + k, salt) & 2147483647)::double precision / 2147483648 $$`
  await sql`
    create function pg_temp.sha256_base64url(content text) returns text
    language sql immutable parallel safe
    as $$ select translate(rtrim(encode(sha256(convert_to(content, 'UTF8')), 'base64'), '='), '+/', '-_') $$`
  await sql`
    create function pg_temp.uuid7(at timestamptz, salt text) returns uuid
    language sql immutable parallel safe
    as $$ select (lpad(to_hex((extract(epoch from at) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid from md5(salt) h $$`
}

/**
 * Drops the indexes of `tables` that back no constraint and returns their definitions, to be created again
 * after the load: one sort per index instead of millions of random inserts. Inside the generating
 * transaction, so a failure leaves the indexes as they were.
 */
export async function dropSecondaryIndexes(sql: TransactionSql, tables: string[]): Promise<string[]> {
  const indexes = await sql<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = any(${tables}::regclass[]) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`
  for (const index of indexes) await sql.unsafe(`drop index ${index.name}`)
  return indexes.map((index) => index.definition)
}

/** Loads the planned diners into a temporary table the meal statements read. */
export async function loadDiners(sql: TransactionSql, plan: LoadPlan) {
  const rows = plan.diners.map((d) => ({
    n: d.n,
    elder_id: d.elderId,
    facility_id: d.facilityId,
    price_fen: d.priceFen,
    intensity: d.intensity,
    frail: d.frail,
    category_fen: d.categoryFen,
    category_rule_id: d.categoryRuleId,
    turns60: d.turns60,
    turns80: d.turns80,
    turns90: d.turns90,
    first_day: d.firstDay,
    last_day: d.lastDay,
    card_from: d.cardFrom,
  }))
  await sql`
    create temp table load_diners on commit drop as
    select * from jsonb_to_recordset(${sql.json(rows)}) as d(n integer, elder_id uuid, facility_id uuid, price_fen integer, intensity double precision,
      frail boolean, category_fen integer, category_rule_id uuid, turns60 date, turns80 date, turns90 date, first_day integer, last_day integer, card_from date)`
  await sql`analyze load_diners`
}

/**
 * The meals of day indexes `from..to` (0 = 1 January), as the meal service would have stored them:
 * each diner comes with probability rate × intensity × day weight × slot weight, gets the subsidy of the
 * highest tier (age on the day, or category) plus the delivery extra, capped by the price; 2% are recorded
 * without subsidy, 1.5% are voided later that day. Rows go in in id order, which is time order.
 */
export async function insertMeals(sql: TransactionSql, plan: LoadPlan, actors: LoadActors, from: number, to: number): Promise<number> {
  const age = (minAge: number) => plan.subsidyRules.find((rule) => rule.kind === 'age' && rule.minAge === minAge)
  const [age60, age80, age90] = [age(60), age(80), age(90)]
  const extra = plan.subsidyRules.find((rule) => rule.kind === 'delivery_extra')
  if (!age60 || !age80 || !age90 || !extra) throw new Error('the load generator expects age rules for 60, 80 and 90 and a delivery extra')
  const result = await sql`
    insert into meal_records (tenant_id, id, elder_id, facility_id, served_on, slot, mode, price_fen, subsidy_fen, self_pay_fen, payment_method,
      subsidised, subsidy_seq, subsidy_rule_ids, content_hash, recorded_by, recorded_by_name, recorded_at, synced_at, voided_at, void_reason, voided_by)
    select ${actors.tenantId}, id, elder_id, facility_id, served_on, slot, mode, price_fen, subsidy_fen, price_fen - subsidy_fen, payment_method,
      subsidy_fen > 0, case when subsidy_fen > 0 then 1 end, rule_ids,
      pg_temp.sha256_base64url(concat('["', id, '","', elder_id, '","', facility_id, '","', served_on, '","', slot, '","', mode, '",', price_fen, ',"', payment_method, '",', requested::text, ',null]')),
      ${actors.operatorId}, 'canteen_operator', recorded_at, recorded_at,
      case when voided then recorded_at + interval '3 hours' end, case when voided then '录入有误' end, case when voided then ${actors.operatorId}::uuid end
    from (
      select p.*,
        (lpad(to_hex((extract(epoch from recorded_at) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid as id,
        case when subsidy_fen = price_fen then 'free'
             when card_from is not null and served_on >= card_from then 'care_card'
             when pay < 0.5 then 'cash' when pay < 0.88 then 'wechat' else 'alipay' end as payment_method
      from (
        select t.*,
          case when not requested or tier_fen = 0 then 0 else least(price_fen, tier_fen + case when mode = 'delivery' then ${extra.amountFen} else 0 end) end as subsidy_fen,
          case when not requested or tier_fen = 0 then '{}'::uuid[] when mode = 'delivery' then array[tier_rule, ${extra.id}::uuid] else array[tier_rule] end as rule_ids
        from (
          select c.*,
            greatest(age_fen, category_fen) as tier_fen,
            case when category_fen > age_fen then category_rule_id else age_rule end as tier_rule,
            case when 'delivery' = any(modes) and frail and pg_temp.rnd(n, i, k, 2) < 0.6 then 'delivery'
                 when 'pickup' = any(modes) and pg_temp.rnd(n, i, k, 3) < 0.2 then 'pickup'
                 else modes[1] end as mode,
            pg_temp.rnd(n, i, k, 4) >= 0.02 as requested,
            pg_temp.rnd(n, i, k, 5) < 0.015 as voided,
            pg_temp.rnd(n, i, k, 6) as pay,
            (served_on + slot_time + pg_temp.rnd(n, i, k, 7) * interval '90 minutes')::timestamptz as recorded_at,
            md5(n || ':' || i || ':' || k) as h
          from (
            select d.n, d.elder_id, d.facility_id, d.price_fen, d.frail, d.category_fen, d.category_rule_id, d.card_from, f.meal_modes as modes,
              day.i, s.slot, s.k, ${`${plan.year}-01-01`}::date + day.i as served_on,
              case s.slot when 'breakfast' then time '07:00' when 'lunch' then time '11:00' else time '16:30' end as slot_time,
              case when ${`${plan.year}-01-01`}::date + day.i >= d.turns90 then ${age90.amountFen}
                   when ${`${plan.year}-01-01`}::date + day.i >= d.turns80 then ${age80.amountFen}
                   when ${`${plan.year}-01-01`}::date + day.i >= d.turns60 then ${age60.amountFen} else 0 end as age_fen,
              case when ${`${plan.year}-01-01`}::date + day.i >= d.turns90 then ${age90.id}::uuid
                   when ${`${plan.year}-01-01`}::date + day.i >= d.turns80 then ${age80.id}::uuid else ${age60.id}::uuid end as age_rule
            from load_diners d
            join facilities f on f.tenant_id = ${actors.tenantId} and f.id = d.facility_id
            cross join lateral generate_series(greatest(d.first_day, ${from}::integer), least(d.last_day, ${to}::integer)) as day(i)
            cross join lateral unnest(f.meal_slots) with ordinality as s(slot, k)
            where pg_temp.rnd(d.n, day.i, s.k, 1) < least(1.0, ${plan.mealRate} * d.intensity * (${`{${plan.dayWeights.join(',')}}`}::double precision[])[day.i + 1]
              * case s.slot when 'lunch' then ${SLOT_WEIGHTS.lunch}::double precision when 'dinner' then ${SLOT_WEIGHTS.dinner}::double precision else ${SLOT_WEIGHTS.breakfast}::double precision end)
          ) c
        ) t
      ) p
    ) m
    order by id`
  return result.count
}

/**
 * Every card movement of the year, in a temporary table first so the opening top-up can cover what the
 * card pays: meal payments (id = the meal's id, as the meal service posts them) and refunds of voided card
 * meals, monthly allowances per category, the planned service payments, and a top-up on the day of issue
 * of what the card will spend, rounded up, plus ¥200. Balances are then running sums in (created_at, id)
 * order, so none goes below zero and every purse equals its ledger.
 */
export async function insertLedger(sql: TransactionSql, plan: LoadPlan, actors: LoadActors): Promise<number> {
  const t = actors.tenantId
  // Statistics of rows written in this transaction, so the joins below are planned for millions of rows.
  await sql`analyze meal_records, care_cards, elder_categories, allowance_rules`
  await sql`
    create temp table load_movements (card_id uuid, id uuid, kind text, amount_fen bigint, reference_id text, facility_id uuid, service_type text,
      note text, created_by uuid, created_at timestamptz) on commit drop`
  await sql`
    insert into load_movements
    select c.id, m.id, 'meal_payment', -m.self_pay_fen, m.id::text, m.facility_id, null, null, m.recorded_by, m.recorded_at
    from meal_records m join care_cards c on c.tenant_id = m.tenant_id and c.elder_id = m.elder_id
    where m.tenant_id = ${t} and m.payment_method = 'care_card'`
  await sql`analyze load_movements`
  await sql`
    insert into load_movements
    select card_id, pg_temp.uuid7(m.voided_at, 'refund:' || m.id), 'refund', -l.amount_fen, l.reference_id, l.facility_id, null, '作废就餐退款', m.voided_by, m.voided_at
    from load_movements l join meal_records m on m.tenant_id = ${t} and m.id = l.id
    where l.kind = 'meal_payment' and m.voided_at is not null`
  await sql`
    insert into load_movements
    select c.id, pg_temp.uuid7(m.at, 'allowance:' || c.id || r.id || m.month), 'allowance', r.amount_fen, m.month || ':' || r.id, null, null, r.name, ${actors.adminId}, m.at
    from care_cards c
    join elder_categories e on e.tenant_id = c.tenant_id and e.elder_id = c.elder_id
    join allowance_rules r on r.tenant_id = c.tenant_id and r.category = e.category
    cross join lateral (
      select to_char(g, 'YYYY-MM') as month, (g + interval '8 hours')::timestamptz as at
      from generate_series(${`${plan.year}-01-01`}::timestamp, ${`${plan.year}-12-01`}::timestamp, interval '1 month') g
    ) m
    where c.tenant_id = ${t} and c.status = 'active' and c.issued_on < m.at::date and e.start_on <= m.at::date`
  const services = plan.servicePayments.map((p, n) => ({ n, card_id: p.cardId, facility_id: p.facilityId, paid_at: p.paidAt.toISOString(), amount_fen: p.amountFen, service_type: p.serviceType }))
  await sql`
    insert into load_movements
    select card_id, pg_temp.uuid7(paid_at, 'service:' || n), 'service_payment', -amount_fen, null, facility_id, service_type, null, ${actors.adminId}, paid_at
    from jsonb_to_recordset(${sql.json(services)}) as s(n integer, card_id uuid, facility_id uuid, paid_at timestamptz, amount_fen integer, service_type text)`
  await sql`
    insert into load_movements
    select c.id, pg_temp.uuid7(o.at, 'top_up:' || c.id), 'top_up', (ceil(coalesce(d.spent, 0) / 10000.0) * 10000 + 20000)::bigint, null, null, null, '开卡充值', ${actors.adminId}, o.at
    from care_cards c
    cross join lateral (select (c.issued_on + time '08:00')::timestamptz as at) o
    left join (select card_id, -sum(amount_fen) as spent from load_movements where amount_fen < 0 group by card_id) d on d.card_id = c.id
    where c.tenant_id = ${t}`
  const result = await sql`
    insert into card_ledger_entries (tenant_id, id, card_id, purse, kind, amount_fen, balance_after_fen, reference_id, facility_id, service_type, note,
      content_hash, created_by, created_at)
    select ${t}, id, card_id, 'general', kind, amount_fen, sum(amount_fen) over (partition by card_id order by created_at, id), reference_id, facility_id, service_type, note,
      pg_temp.sha256_base64url(concat('[', to_json(id::text), ',', to_json(card_id::text), ',"general",', to_json(kind), ',', amount_fen, ',',
        coalesce(to_json(reference_id)::text, 'null'), ',', coalesce(to_json(facility_id::text)::text, 'null'), ',',
        coalesce(to_json(service_type)::text, 'null'), ',', coalesce(to_json(note)::text, 'null'), ']')),
      created_by, created_at
    from load_movements
    order by created_at, id`
  await sql`
    insert into card_purses (tenant_id, card_id, purse, balance_fen)
    select c.tenant_id, c.id, 'general', coalesce(sum(l.amount_fen), 0)
    from care_cards c left join load_movements l on l.card_id = c.id
    where c.tenant_id = ${t}
    group by c.tenant_id, c.id`
  return result.count
}

/**
 * The summary backfills of the migrations (`INSERT INTO meal_daily_totals …` and `INSERT INTO bed_report_events …`
 * of 0021, `INSERT INTO card_users …` of 0012, `INSERT INTO card_user_months …` and `INSERT INTO card_user_reversals …`
 * of 0024, which sums each month's payments), read from the migrations themselves so the summaries are filled
 * exactly as the triggers would have kept them.
 */
export async function backfillSummaries(sql: TransactionSql) {
  const statementsOf = async (file: string, table: RegExp) => {
    const migration = await readFile(new URL(`../../../db/migrations/${file}`, import.meta.url), 'utf8')
    return migration
      .split('--> statement-breakpoint')
      .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
      .filter((statement) => table.test(statement))
  }
  const statements = [
    ...(await statementsOf('0021_as_of_meal_summaries_bed_report_events.sql', /^INSERT INTO (meal_daily_totals|bed_report_events)\b/)),
    ...(await statementsOf('0012_card_users_by_month_trigger.sql', /^INSERT INTO card_users\b/)),
    ...(await statementsOf('0024_card_user_standing.sql', /^INSERT INTO (card_user_months|card_user_reversals)\b/)),
  ]
  if (statements.length !== 6) throw new Error(`expected the six summary backfills of migrations 0021, 0012 and 0024, found ${statements.length}`)
  for (const statement of statements) await sql.unsafe(statement)
}

/** Rows whose foreign keys point nowhere: the load runs with triggers (and so foreign-key checks) off. */
export async function orphanCount(sql: TransactionSql): Promise<number> {
  const [row] = await sql<{ orphans: number }[]>`
    select
      (select count(*) from meal_records m where not exists (select 1 from elders e where e.tenant_id = m.tenant_id and e.id = m.elder_id))
      + (select count(*) from meal_records m where not exists (select 1 from facilities f where f.tenant_id = m.tenant_id and f.id = m.facility_id))
      + (select count(*) from card_ledger_entries l where not exists (select 1 from care_cards c where c.tenant_id = l.tenant_id and c.id = l.card_id))
      + (select count(*) from card_ledger_entries l where l.facility_id is not null
           and not exists (select 1 from facilities f where f.tenant_id = l.tenant_id and f.id = l.facility_id))
      + (select count(*) from facility_service_areas a where not exists (select 1 from regions r where r.tenant_id = a.tenant_id and r.code = a.community_code))
      + (select count(*) from elders e where not exists (select 1 from regions r where r.tenant_id = e.tenant_id and r.code = e.community_code))
      as orphans`
  return Number(row!.orphans)
}
