-- A row trigger appended one delta per meal: a batch of 500 meals wrote 500 delta rows, one trigger call
-- each. A statement trigger sees every row the statement inserted or changed at once and appends one
-- delta per facility, day, slot and mode. Readers and the compaction are unchanged: they sum deltas.
CREATE FUNCTION meal_daily_deltas_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_daily_deltas (tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  SELECT tenant_id, facility_id, served_on, slot, mode, count(*), count(*) FILTER (WHERE subsidised), sum(subsidy_fen), sum(self_pay_fen)
  FROM inserted_rows WHERE voided_at IS NULL
  GROUP BY tenant_id, facility_id, served_on, slot, mode;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A change takes the old rows out and puts the new ones in; groups where that nets to nothing (an
-- update of a column the totals do not count) append nothing.
CREATE FUNCTION meal_daily_deltas_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_daily_deltas (tenant_id, facility_id, served_on, slot, mode, meals, subsidised_meals, subsidy_fen, self_pay_fen)
  SELECT tenant_id, facility_id, served_on, slot, mode, sum(meals), sum(subsidised_meals), sum(subsidy_fen), sum(self_pay_fen)
  FROM (
    SELECT tenant_id, facility_id, served_on, slot, mode, -1 AS meals, CASE WHEN subsidised THEN -1 ELSE 0 END AS subsidised_meals,
      -subsidy_fen::bigint AS subsidy_fen, -self_pay_fen::bigint AS self_pay_fen
    FROM old_rows WHERE voided_at IS NULL
    UNION ALL
    SELECT tenant_id, facility_id, served_on, slot, mode, 1, CASE WHEN subsidised THEN 1 ELSE 0 END, subsidy_fen::bigint, self_pay_fen::bigint
    FROM new_rows WHERE voided_at IS NULL
  ) changes
  GROUP BY tenant_id, facility_id, served_on, slot, mode
  HAVING sum(meals) <> 0 OR sum(subsidised_meals) <> 0 OR sum(subsidy_fen) <> 0 OR sum(self_pay_fen) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER meal_records_daily_totals ON meal_records;
--> statement-breakpoint
DROP TRIGGER meal_records_daily_totals_update ON meal_records;
--> statement-breakpoint
DROP FUNCTION meal_daily_totals_apply();
--> statement-breakpoint
DROP FUNCTION meal_daily_totals_add(meal_records, integer);
--> statement-breakpoint
CREATE TRIGGER meal_records_daily_deltas_insert AFTER INSERT ON meal_records
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_daily_deltas_after_insert();
--> statement-breakpoint
CREATE TRIGGER meal_records_daily_deltas_update AFTER UPDATE ON meal_records
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_daily_deltas_after_update();
