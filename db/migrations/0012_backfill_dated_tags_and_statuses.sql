-- Tags had no dates: each one already given holds from the facility's opening day, which is the most
-- anyone knew. Past figures computed before this migration used them the same way.
INSERT INTO facility_tag_periods (tenant_id, id, facility_id, tag, valid_from)
SELECT f.tenant_id, gen_random_uuid(), f.id, tag, f.opened_on
FROM facilities f CROSS JOIN LATERAL unnest(f.tags) AS tag;
--> statement-breakpoint
-- Each elder's status becomes the first row of their status history: a death from its date, any other
-- status from the day the elder entered the roster (Asia/Shanghai).
INSERT INTO elder_status_history (tenant_id, id, elder_id, status, effective_from, source, recorded_at)
SELECT e.tenant_id, gen_random_uuid(), e.id, e.status,
  coalesce(e.deceased_on, ((e.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date), 'migration', e.created_at
FROM elders e;
