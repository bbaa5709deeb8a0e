CREATE TABLE "subsidy_check_scans" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subsidy_check_settings" ADD COLUMN "island_crossings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "subsidy_check_scans" ADD CONSTRAINT "subsidy_check_scans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meal_records_tenant_id_synced_at_index" ON "meal_records" USING btree ("tenant_id","synced_at");--> statement-breakpoint
CREATE INDEX "meal_records_tenant_id_voided_at_index" ON "meal_records" USING btree ("tenant_id","voided_at") WHERE "meal_records"."voided_at" is not null;