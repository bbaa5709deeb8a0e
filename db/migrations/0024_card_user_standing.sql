-- Card users without reading the ledger (card-users.ts has the rule): each month's payments are summed
-- beside its first day paid, and each refund is kept against the month of the payment it names (or, naming
-- none, the month it was posted) with the day it was posted. As of a day D, an elder-month stands at what
-- was paid in it by D less the refunds posted by D against it; the indicators read only the few elders
-- with a refund, from these rows. Days are Asia/Shanghai days (UTC+8).
CREATE TABLE "card_user_reversals" (
	"tenant_id" uuid NOT NULL,
	"refund_id" uuid NOT NULL,
	"elder_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"reversed_on" date NOT NULL,
	"fen" bigint NOT NULL,
	CONSTRAINT "card_user_reversals_tenant_id_refund_id_pk" PRIMARY KEY("tenant_id","refund_id")
);
--> statement-breakpoint
CREATE INDEX "card_user_reversals_tenant_id_year_reversed_on_index" ON "card_user_reversals" USING btree ("tenant_id","year","reversed_on");--> statement-breakpoint
ALTER TABLE "card_user_months" ADD COLUMN "last_paid_on" date;--> statement-breakpoint
ALTER TABLE "card_user_months" ADD COLUMN "paid_fen" bigint;--> statement-breakpoint
CREATE OR REPLACE FUNCTION card_users_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  posted_on date := ((NEW.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date;
  elder uuid;
  paid_on date;
BEGIN
  IF NEW.kind NOT IN ('meal_payment', 'service_payment', 'refund') THEN RETURN NULL; END IF;
  SELECT c.elder_id INTO elder FROM care_cards c WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.card_id;
  IF NEW.kind = 'refund' THEN
    IF NEW.reference_id IS NULL THEN
      paid_on := posted_on;
    ELSE
      -- The payment it names, on any of the elder's cards (a reissued card keeps the elder).
      SELECT ((l.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date INTO paid_on
      FROM care_cards c JOIN card_ledger_entries l ON l.tenant_id = c.tenant_id AND l.card_id = c.id
      WHERE c.tenant_id = NEW.tenant_id AND c.elder_id = elder AND l.reference_id = NEW.reference_id
        AND l.kind IN ('meal_payment', 'service_payment')
      ORDER BY l.created_at LIMIT 1;
      IF paid_on IS NULL THEN RETURN NULL; END IF;
    END IF;
    INSERT INTO card_user_reversals (tenant_id, refund_id, elder_id, year, month, reversed_on, fen)
    VALUES (NEW.tenant_id, NEW.id, elder, extract(year FROM paid_on)::smallint, extract(month FROM paid_on)::smallint, posted_on, abs(NEW.amount_fen))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
  END IF;
  INSERT INTO card_users AS u (tenant_id, year, elder_id, first_paid_on)
  VALUES (NEW.tenant_id, extract(year FROM posted_on)::smallint, elder, posted_on)
  ON CONFLICT (tenant_id, year, elder_id) DO UPDATE SET first_paid_on = least(u.first_paid_on, excluded.first_paid_on);
  INSERT INTO card_user_months AS m (tenant_id, year, month, elder_id, first_paid_on, last_paid_on, paid_fen)
  VALUES (NEW.tenant_id, extract(year FROM posted_on)::smallint, extract(month FROM posted_on)::smallint, elder, posted_on, posted_on, abs(NEW.amount_fen))
  ON CONFLICT (tenant_id, year, month, elder_id) DO UPDATE SET
    first_paid_on = least(m.first_paid_on, excluded.first_paid_on),
    last_paid_on = greatest(m.last_paid_on, excluded.last_paid_on),
    paid_fen = m.paid_fen + excluded.paid_fen;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The summaries from the ledger as it stands (the load generator runs these two statements too, after a bulk load).
INSERT INTO card_user_months AS m (tenant_id, year, month, elder_id, first_paid_on, last_paid_on, paid_fen)
SELECT l.tenant_id, extract(year FROM d.paid_on)::smallint, extract(month FROM d.paid_on)::smallint, c.elder_id, min(d.paid_on), max(d.paid_on), sum(abs(l.amount_fen))
FROM card_ledger_entries l
JOIN care_cards c ON c.tenant_id = l.tenant_id AND c.id = l.card_id
CROSS JOIN LATERAL (SELECT ((l.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS paid_on) d
WHERE l.kind IN ('meal_payment', 'service_payment')
GROUP BY l.tenant_id, extract(year FROM d.paid_on), extract(month FROM d.paid_on), c.elder_id
ON CONFLICT (tenant_id, year, month, elder_id) DO UPDATE SET first_paid_on = excluded.first_paid_on, last_paid_on = excluded.last_paid_on, paid_fen = excluded.paid_fen;
--> statement-breakpoint
INSERT INTO card_user_reversals (tenant_id, refund_id, elder_id, year, month, reversed_on, fen)
SELECT r.tenant_id, r.id, c.elder_id, extract(year FROM coalesce(p.paid_on, d.posted_on))::smallint, extract(month FROM coalesce(p.paid_on, d.posted_on))::smallint, d.posted_on, abs(r.amount_fen)
FROM card_ledger_entries r
JOIN care_cards c ON c.tenant_id = r.tenant_id AND c.id = r.card_id
CROSS JOIN LATERAL (SELECT ((r.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS posted_on) d
LEFT JOIN LATERAL (
  SELECT ((l.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS paid_on
  FROM care_cards pc JOIN card_ledger_entries l ON l.tenant_id = pc.tenant_id AND l.card_id = pc.id
  WHERE pc.tenant_id = r.tenant_id AND pc.elder_id = c.elder_id AND l.reference_id = r.reference_id AND l.kind IN ('meal_payment', 'service_payment')
  ORDER BY l.created_at LIMIT 1
) p ON r.reference_id IS NOT NULL
WHERE r.kind = 'refund' AND (r.reference_id IS NULL OR p.paid_on IS NOT NULL)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE "card_user_months" ALTER COLUMN "last_paid_on" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "card_user_months" ALTER COLUMN "paid_fen" SET NOT NULL;
