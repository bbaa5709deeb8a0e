-- Figures are "as of" a day: nothing recorded, voided or changed after it counts. The meal summaries
-- counted a meal from its served day whenever it arrived and dropped it whenever it was voided, so a
-- meal synced on 11-05 moved the figures of 11-02, and one voided on 11-05 vanished from them. They now
-- carry the day each count became known: +1 on the day a meal reached the server (meal_stored_at: an
-- offline counter's meal when it was synced, one entered online when it was recorded), −1 on the day it
-- was voided. As of D, the figures are the rows with known_on <= D.
CREATE TABLE "bed_report_events" (
	"tenant_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" uuid,
	CONSTRAINT "bed_report_events_tenant_id_report_id_at_event_pk" PRIMARY KEY("tenant_id","report_id","at","event")
);
--> statement-breakpoint
ALTER TABLE "bed_report_events" ADD CONSTRAINT "bed_report_events_tenant_id_report_id_bed_reports_tenant_id_id_fk" FOREIGN KEY ("tenant_id","report_id") REFERENCES "public"."bed_reports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- A decision on a report that is not approved was a return: only a returned report goes back to submitted.
CREATE FUNCTION bed_report_events_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  submitted boolean;
  decided boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    submitted := NEW.submitted_at IS NOT NULL;
    decided := NEW.decided_at IS NOT NULL;
  ELSE
    submitted := NEW.submitted_at IS NOT NULL AND NEW.submitted_at IS DISTINCT FROM OLD.submitted_at;
    decided := NEW.decided_at IS NOT NULL AND NEW.decided_at IS DISTINCT FROM OLD.decided_at;
  END IF;
  IF submitted THEN
    INSERT INTO bed_report_events (tenant_id, report_id, event, at, by) VALUES (NEW.tenant_id, NEW.id, 'submitted', NEW.submitted_at, NEW.submitted_by) ON CONFLICT DO NOTHING;
  END IF;
  IF decided THEN
    INSERT INTO bed_report_events (tenant_id, report_id, event, at, by)
    VALUES (NEW.tenant_id, NEW.id, CASE WHEN NEW.status = 'approved' THEN 'approved' ELSE 'returned' END, NEW.decided_at, NEW.decided_by) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER bed_reports_events AFTER INSERT OR UPDATE ON bed_reports FOR EACH ROW EXECUTE FUNCTION bed_report_events_record();
--> statement-breakpoint
-- What the reports hold now: their latest submission and decision.
INSERT INTO bed_report_events (tenant_id, report_id, event, at, by)
SELECT tenant_id, id, 'submitted', submitted_at, submitted_by FROM bed_reports WHERE submitted_at IS NOT NULL
UNION ALL
SELECT tenant_id, id, CASE WHEN status = 'approved' THEN 'approved' ELSE 'returned' END, decided_at, decided_by FROM bed_reports WHERE decided_at IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- What they overwrote: the submissions and returns the audit log has from before the row's current stamps.
INSERT INTO bed_report_events (tenant_id, report_id, event, at, by)
SELECT r.tenant_id, r.id, CASE WHEN a.action = 'bed_report.return' THEN 'returned' ELSE 'submitted' END, a.occurred_at, a.actor_user_id
FROM bed_reports r
JOIN audit_events a ON a.tenant_id = r.tenant_id AND a.entity_type = 'bed_report' AND a.entity_id = r.id::text
WHERE a.action IN ('bed_report.submit', 'bed_report.unchanged', 'bed_report.return')
  AND a.occurred_at < least(r.submitted_at, coalesce(r.decided_at, r.submitted_at)) - interval '1 second'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION meal_known_on(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  -- The Asia/Shanghai day (UTC+8, no daylight saving), as the card-users trigger computes it.
  SELECT ((at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint
-- When a meal reached the server: an offline counter's when its sync arrived (synced_at), one entered
-- online when it was recorded (its recorded_at and synced_at are the same statement's now(); a bulk load
-- that left synced_at to its default, the loading time, still dates its meals right).
CREATE FUNCTION meal_stored_at(device_id uuid, recorded_at timestamptz, synced_at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN device_id IS NULL THEN recorded_at ELSE synced_at END
$$;
--> statement-breakpoint
DROP TRIGGER meal_records_daily_deltas_insert ON meal_records;
--> statement-breakpoint
DROP TRIGGER meal_records_daily_deltas_update ON meal_records;
--> statement-breakpoint
TRUNCATE meal_daily_deltas, meal_daily_totals;
--> statement-breakpoint
ALTER TABLE "meal_daily_totals" DROP CONSTRAINT "meal_daily_totals_tenant_id_facility_id_served_on_slot_mode_pk";
--> statement-breakpoint
ALTER TABLE "meal_daily_deltas" ADD COLUMN "known_on" date NOT NULL;
--> statement-breakpoint
ALTER TABLE "meal_daily_totals" ADD COLUMN "known_on" date NOT NULL;
--> statement-breakpoint
ALTER TABLE "meal_daily_totals" ADD CONSTRAINT "meal_daily_totals_tenant_id_facility_id_served_on_slot_mode_known_on_pk" PRIMARY KEY("tenant_id","facility_id","served_on","slot","mode","known_on");
--> statement-breakpoint
DROP INDEX "meal_daily_totals_by_day";
--> statement-breakpoint
-- Meals per day over all of a district's facilities as of a day, read from the index alone.
CREATE INDEX "meal_daily_totals_by_day" ON "meal_daily_totals" ("tenant_id", "served_on") INCLUDE ("facility_id", "slot", "mode", "known_on", "meals");
--> statement-breakpoint
-- What a meal row counts, as (sign, day known): +1 on the day it reached the server, −1 on the day it
-- was voided. A statement's change is what its new rows count less what its old rows counted, so the
-- summaries always equal this count over meal_records (the backfill below).
CREATE OR REPLACE FUNCTION meal_daily_deltas_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_daily_deltas (tenant_id, facility_id, served_on, slot, mode, known_on, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  SELECT r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, c.known_on, sum(c.sign), sum(CASE WHEN r.subsidised THEN c.sign ELSE 0 END),
    sum(c.sign * r.subsidy_fen::bigint), sum(c.sign * r.self_pay_fen::bigint)
  FROM inserted_rows r
  CROSS JOIN LATERAL (VALUES (1, meal_known_on(meal_stored_at(r.device_id, r.recorded_at, r.synced_at))), (-1, meal_known_on(r.voided_at))) AS c(sign, known_on)
  WHERE c.known_on IS NOT NULL
  GROUP BY r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, c.known_on
  HAVING sum(c.sign) <> 0 OR sum(CASE WHEN r.subsidised THEN c.sign ELSE 0 END) <> 0 OR sum(c.sign * r.subsidy_fen::bigint) <> 0 OR sum(c.sign * r.self_pay_fen::bigint) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION meal_daily_deltas_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_daily_deltas (tenant_id, facility_id, served_on, slot, mode, known_on, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  SELECT tenant_id, facility_id, served_on, slot, mode, known_on, sum(meals), sum(subsidised_meals), sum(subsidy_fen), sum(self_pay_fen)
  FROM (
    SELECT r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, c.known_on, -c.sign AS meals, CASE WHEN r.subsidised THEN -c.sign ELSE 0 END AS subsidised_meals,
      -c.sign * r.subsidy_fen::bigint AS subsidy_fen, -c.sign * r.self_pay_fen::bigint AS self_pay_fen
    FROM old_rows r
    CROSS JOIN LATERAL (VALUES (1, meal_known_on(meal_stored_at(r.device_id, r.recorded_at, r.synced_at))), (-1, meal_known_on(r.voided_at))) AS c(sign, known_on)
    WHERE c.known_on IS NOT NULL
    UNION ALL
    SELECT r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, c.known_on, c.sign, CASE WHEN r.subsidised THEN c.sign ELSE 0 END,
      c.sign * r.subsidy_fen::bigint, c.sign * r.self_pay_fen::bigint
    FROM new_rows r
    CROSS JOIN LATERAL (VALUES (1, meal_known_on(meal_stored_at(r.device_id, r.recorded_at, r.synced_at))), (-1, meal_known_on(r.voided_at))) AS c(sign, known_on)
    WHERE c.known_on IS NOT NULL
  ) changes
  GROUP BY tenant_id, facility_id, served_on, slot, mode, known_on
  HAVING sum(meals) <> 0 OR sum(subsidised_meals) <> 0 OR sum(subsidy_fen) <> 0 OR sum(self_pay_fen) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION meal_daily_totals_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(730902) THEN RETURN 0; END IF;
  WITH moved AS (DELETE FROM meal_daily_deltas RETURNING *),
  summed AS (
    SELECT tenant_id, facility_id, served_on, slot, mode, known_on, sum(meals)::integer AS meals, sum(subsidised_meals)::integer AS subsidised_meals,
      sum(subsidy_fen)::bigint AS subsidy_fen, sum(self_pay_fen)::bigint AS self_pay_fen
    FROM moved GROUP BY tenant_id, facility_id, served_on, slot, mode, known_on
  )
  INSERT INTO meal_daily_totals AS t (tenant_id, facility_id, served_on, slot, mode, known_on, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  SELECT tenant_id, facility_id, served_on, slot, mode, known_on, meals, subsidised_meals, subsidy_fen, self_pay_fen FROM summed
  ORDER BY tenant_id, facility_id, served_on, slot, mode, known_on
  ON CONFLICT (tenant_id, facility_id, served_on, slot, mode, known_on) DO UPDATE SET
    meals = t.meals + excluded.meals,
    subsidised_meals = t.subsidised_meals + excluded.subsidised_meals,
    subsidy_fen = t.subsidy_fen + excluded.subsidy_fen,
    self_pay_fen = t.self_pay_fen + excluded.self_pay_fen;
  GET DIAGNOSTICS folded = ROW_COUNT;
  RETURN folded;
END $$;
--> statement-breakpoint
CREATE TRIGGER meal_records_daily_deltas_insert AFTER INSERT ON meal_records
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_daily_deltas_after_insert();
--> statement-breakpoint
CREATE TRIGGER meal_records_daily_deltas_update AFTER UPDATE ON meal_records
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_daily_deltas_after_update();
--> statement-breakpoint
-- Every meal recorded so far, as the triggers would have counted it.
INSERT INTO meal_daily_totals (tenant_id, facility_id, served_on, slot, mode, known_on, meals, subsidised_meals, subsidy_fen, self_pay_fen)
SELECT r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, c.known_on, sum(c.sign), sum(CASE WHEN r.subsidised THEN c.sign ELSE 0 END),
  sum(c.sign * r.subsidy_fen::bigint), sum(c.sign * r.self_pay_fen::bigint)
FROM meal_records r
CROSS JOIN LATERAL (VALUES (1, meal_known_on(meal_stored_at(r.device_id, r.recorded_at, r.synced_at))), (-1, meal_known_on(r.voided_at))) AS c(sign, known_on)
WHERE c.known_on IS NOT NULL
GROUP BY r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, c.known_on
HAVING sum(c.sign) <> 0 OR sum(CASE WHEN r.subsidised THEN c.sign ELSE 0 END) <> 0 OR sum(c.sign * r.subsidy_fen::bigint) <> 0 OR sum(c.sign * r.self_pay_fen::bigint) <> 0;
