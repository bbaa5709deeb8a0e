DROP INDEX "meal_daily_totals_tenant_id_served_on_index";--> statement-breakpoint
-- Meals per day over all of a district's facilities, read from the index alone.
CREATE INDEX "meal_daily_totals_by_day" ON "meal_daily_totals" ("tenant_id", "served_on") INCLUDE ("facility_id", "slot", "mode", "meals");
