CREATE TABLE "meal_daily_deltas" (
	"tenant_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"served_on" date NOT NULL,
	"slot" text NOT NULL,
	"mode" text NOT NULL,
	"meals" integer NOT NULL,
	"subsidised_meals" integer NOT NULL,
	"subsidy_fen" bigint NOT NULL,
	"self_pay_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "meal_daily_deltas_tenant_id_facility_id_served_on_index" ON "meal_daily_deltas" USING btree ("tenant_id","facility_id","served_on");--> statement-breakpoint
CREATE INDEX "meal_daily_deltas_tenant_id_served_on_index" ON "meal_daily_deltas" USING btree ("tenant_id","served_on");--> statement-breakpoint
-- A meal or a void now appends a delta instead of updating the one totals row of its facility, day,
-- slot and mode, which every meal of a canteen's lunch would otherwise wait for in turn.
CREATE OR REPLACE FUNCTION meal_daily_totals_add(r meal_records, delta integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_daily_deltas (tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  VALUES (r.tenant_id, r.facility_id, r.served_on, r.slot, r.mode, delta, CASE WHEN r.subsidised THEN delta ELSE 0 END, delta * r.subsidy_fen, delta * r.self_pay_fen);
END $$;
--> statement-breakpoint
-- Folds the deltas into the totals in one statement: a reader sees them either as deltas or as totals,
-- never both or neither. One compaction at a time (the others return at once); returns the rows folded.
CREATE FUNCTION meal_daily_totals_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(730902) THEN RETURN 0; END IF;
  WITH moved AS (DELETE FROM meal_daily_deltas RETURNING *),
  summed AS (
    SELECT tenant_id, facility_id, served_on, slot, mode, sum(meals)::integer AS meals, sum(subsidised_meals)::integer AS subsidised_meals,
      sum(subsidy_fen)::bigint AS subsidy_fen, sum(self_pay_fen)::bigint AS self_pay_fen, count(*) AS n
    FROM moved GROUP BY tenant_id, facility_id, served_on, slot, mode
  )
  INSERT INTO meal_daily_totals AS t (tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  SELECT tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen FROM summed
  ORDER BY tenant_id, facility_id, served_on, slot, mode
  ON CONFLICT (tenant_id, facility_id, served_on, slot, mode) DO UPDATE SET
    meals = t.meals + excluded.meals,
    subsidised_meals = t.subsidised_meals + excluded.subsidised_meals,
    subsidy_fen = t.subsidy_fen + excluded.subsidy_fen,
    self_pay_fen = t.self_pay_fen + excluded.self_pay_fen;
  GET DIAGNOSTICS folded = ROW_COUNT;
  RETURN folded;
END $$;
