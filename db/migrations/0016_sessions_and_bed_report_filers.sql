ALTER TABLE "bed_reports" ADD COLUMN "filed_by" uuid;--> statement-breakpoint
-- Reports filed before: their filer is who the audit log names for the report's first writing.
UPDATE "bed_reports" AS r SET "filed_by" = (
  SELECT e."actor_user_id" FROM "audit_events" AS e
  WHERE e."tenant_id" = r."tenant_id" AND e."entity_type" = 'bed_report' AND e."entity_id" = r."id"::text
    AND e."action" IN ('bed_report.create', 'bed_report.unchanged')
  ORDER BY e."occurred_at" LIMIT 1
);--> statement-breakpoint
CREATE INDEX "refresh_tokens_tenant_id_family_id_index" ON "refresh_tokens" USING btree ("tenant_id","family_id");
