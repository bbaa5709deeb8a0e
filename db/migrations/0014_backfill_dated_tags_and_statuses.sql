-- Tags had no dates: each one already given holds from the facility's opening day, which is the most
-- anyone knew. Past figures computed before this migration used them the same way.
INSERT INTO facility_tag_periods (tenant_id, id, facility_id, tag, valid_from)
SELECT f.tenant_id, gen_random_uuid(), f.id, tag, f.opened_on
FROM facilities f CROSS JOIN LATERAL unnest(f.tags) AS tag;
--> statement-breakpoint
-- An elder with no status history is 在册 (active). Each other status becomes the first row of the
-- history: a death from its date, a move or a placement from the day the elder entered the roster
-- (Asia/Shanghai), the earliest anyone can say.
INSERT INTO elder_status_history (tenant_id, id, elder_id, status, effective_from, source, recorded_at)
SELECT e.tenant_id, gen_random_uuid(), e.id, e.status,
  coalesce(e.deceased_on, ((e.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date), 'migration', e.created_at
FROM elders e
WHERE e.status <> 'active';
