-- Card users are kept per year (first day paid) and per month (first day paid in that month), so a
-- month's users can be counted as of any day of it; the month bitmask of 0007 could not say whether
-- a month's payments fell before or after the day asked about. Days are Asia/Shanghai days (UTC+8).
CREATE OR REPLACE FUNCTION card_users_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  paid_on date := ((NEW.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date;
  elder uuid;
BEGIN
  IF NEW.kind NOT IN ('meal_payment', 'service_payment') THEN RETURN NULL; END IF;
  SELECT c.elder_id INTO elder FROM care_cards c WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.card_id;
  INSERT INTO card_users AS u (tenant_id, year, elder_id, first_paid_on)
  VALUES (NEW.tenant_id, extract(year FROM paid_on)::smallint, elder, paid_on)
  ON CONFLICT (tenant_id, year, elder_id) DO UPDATE SET first_paid_on = least(u.first_paid_on, excluded.first_paid_on);
  INSERT INTO card_user_months AS m (tenant_id, year, month, elder_id, first_paid_on)
  VALUES (NEW.tenant_id, extract(year FROM paid_on)::smallint, extract(month FROM paid_on)::smallint, elder, paid_on)
  ON CONFLICT (tenant_id, year, month, elder_id) DO UPDATE SET first_paid_on = least(m.first_paid_on, excluded.first_paid_on);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The summaries from the ledger as it stands (the load generator runs these two statements too, after a bulk load).
INSERT INTO card_users (tenant_id, year, elder_id, first_paid_on)
SELECT l.tenant_id, extract(year FROM d.paid_on)::smallint, c.elder_id, min(d.paid_on)
FROM card_ledger_entries l
JOIN care_cards c ON c.tenant_id = l.tenant_id AND c.id = l.card_id
CROSS JOIN LATERAL (SELECT ((l.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS paid_on) d
WHERE l.kind IN ('meal_payment', 'service_payment')
GROUP BY l.tenant_id, extract(year FROM d.paid_on), c.elder_id
ON CONFLICT (tenant_id, year, elder_id) DO NOTHING;
--> statement-breakpoint
INSERT INTO card_user_months (tenant_id, year, month, elder_id, first_paid_on)
SELECT l.tenant_id, extract(year FROM d.paid_on)::smallint, extract(month FROM d.paid_on)::smallint, c.elder_id, min(d.paid_on)
FROM card_ledger_entries l
JOIN care_cards c ON c.tenant_id = l.tenant_id AND c.id = l.card_id
CROSS JOIN LATERAL (SELECT ((l.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS paid_on) d
WHERE l.kind IN ('meal_payment', 'service_payment')
GROUP BY l.tenant_id, extract(year FROM d.paid_on), extract(month FROM d.paid_on), c.elder_id
ON CONFLICT (tenant_id, year, month, elder_id) DO NOTHING;
