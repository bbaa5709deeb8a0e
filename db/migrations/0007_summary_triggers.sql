-- Summary tables kept by triggers in the writing transaction, so they stay exact under concurrent
-- writes and voids. A meal counts while it is not voided; a card user is an elder with a card payment.
CREATE FUNCTION meal_daily_totals_add(r meal_records, delta integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_daily_totals AS t (tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  VALUES (r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, delta, CASE WHEN r.subsidised THEN delta ELSE 0 END, delta * r.subsidy_fen, delta * r.self_pay_fen)
  ON CONFLICT (tenant_id, facility_id, served_on, slot, mode) DO UPDATE SET
    meals = t.meals + excluded.meals,
    subsidised_meals = t.subsidised_meals + excluded.subsidised_meals,
    subsidy_fen = t.subsidy_fen + excluded.subsidy_fen,
    self_pay_fen = t.self_pay_fen + excluded.self_pay_fen;
END $$;
--> statement-breakpoint
CREATE FUNCTION meal_daily_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.voided_at IS NULL THEN PERFORM meal_daily_totals_add(OLD, -1); END IF;
  IF NEW.voided_at IS NULL THEN PERFORM meal_daily_totals_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meal_records_daily_totals AFTER INSERT ON meal_records FOR EACH ROW EXECUTE FUNCTION meal_daily_totals_apply();
--> statement-breakpoint
CREATE TRIGGER meal_records_daily_totals_update AFTER UPDATE ON meal_records FOR EACH ROW
  WHEN (OLD.voided_at IS DISTINCT FROM NEW.voided_at OR OLD.facility_id <> NEW.facility_id OR OLD.served_on <> NEW.served_on
        OR OLD.slot <> NEW.slot OR OLD.mode <> NEW.mode OR OLD.subsidised <> NEW.subsidised OR OLD.subsidy_fen <> NEW.subsidy_fen OR OLD.self_pay_fen <> NEW.self_pay_fen)
  EXECUTE FUNCTION meal_daily_totals_apply();
--> statement-breakpoint
CREATE FUNCTION card_users_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Days are Asia/Shanghai days (UTC+8, no daylight saving).
  paid_on date := ((NEW.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date;
BEGIN
  IF NEW.kind NOT IN ('meal_payment', 'service_payment') THEN RETURN NULL; END IF;
  INSERT INTO card_users AS u (tenant_id, year, elder_id, first_paid_on, months)
  SELECT NEW.tenant_id, extract(year FROM paid_on)::smallint, c.elder_id, paid_on, 1 << (extract(month FROM paid_on)::integer - 1)
  FROM care_cards c WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.card_id
  ON CONFLICT (tenant_id, year, elder_id) DO UPDATE SET
    first_paid_on = least(u.first_paid_on, excluded.first_paid_on),
    months = u.months | excluded.months;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER card_ledger_card_users AFTER INSERT ON card_ledger_entries FOR EACH ROW EXECUTE FUNCTION card_users_apply();
--> statement-breakpoint
-- What was recorded before the triggers existed.
INSERT INTO meal_daily_totals (tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen)
SELECT tenant_id, facility_id, served_on, slot, mode, count(*), count(*) FILTER (WHERE subsidised), sum(subsidy_fen), sum(self_pay_fen)
FROM meal_records WHERE voided_at IS NULL GROUP BY tenant_id, facility_id, served_on, slot, mode;
--> statement-breakpoint
INSERT INTO card_users (tenant_id, year, elder_id, first_paid_on, months)
SELECT l.tenant_id, extract(year FROM d.paid_on)::smallint, c.elder_id, min(d.paid_on), bit_or(1 << (extract(month FROM d.paid_on)::integer - 1))
FROM card_ledger_entries l
JOIN care_cards c ON c.tenant_id = l.tenant_id AND c.id = l.card_id
CROSS JOIN LATERAL (SELECT ((l.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS paid_on) d
WHERE l.kind IN ('meal_payment', 'service_payment')
GROUP BY l.tenant_id, extract(year FROM d.paid_on), c.elder_id;
