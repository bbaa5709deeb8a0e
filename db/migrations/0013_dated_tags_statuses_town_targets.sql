CREATE TABLE "facility_tag_periods" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "facility_tag_periods_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "facility_tag_periods_valid_range" CHECK ("facility_tag_periods"."valid_to" is null or "facility_tag_periods"."valid_to" > "facility_tag_periods"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "elder_care_needs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"elder_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elder_care_needs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "elder_care_needs_valid_range" CHECK ("elder_care_needs"."valid_to" is null or "elder_care_needs"."valid_to" > "elder_care_needs"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "elder_status_history" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"elder_id" uuid NOT NULL,
	"status" text NOT NULL,
	"institution_id" uuid,
	"effective_from" date NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elder_status_history_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "elder_status_history_institution" CHECK ("elder_status_history"."institution_id" is null or "elder_status_history"."status" = 'in_institution')
);
--> statement-breakpoint
ALTER TABLE "indicator_targets" DROP CONSTRAINT "indicator_targets_tenant_id_year_key_pk";--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD COLUMN "town_code" text;--> statement-breakpoint
-- drizzle-kit put the primary key before the column it is made of.
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id");--> statement-breakpoint
ALTER TABLE "facility_tag_periods" ADD CONSTRAINT "facility_tag_periods_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_care_needs" ADD CONSTRAINT "elder_care_needs_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_care_needs" ADD CONSTRAINT "elder_care_needs_tenant_id_recorded_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","recorded_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_status_history" ADD CONSTRAINT "elder_status_history_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_status_history" ADD CONSTRAINT "elder_status_history_tenant_id_institution_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","institution_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_status_history" ADD CONSTRAINT "elder_status_history_tenant_id_recorded_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","recorded_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "facility_tag_periods_tenant_id_facility_id_index" ON "facility_tag_periods" USING btree ("tenant_id","facility_id");--> statement-breakpoint
CREATE INDEX "elder_care_needs_tenant_id_elder_id_index" ON "elder_care_needs" USING btree ("tenant_id","elder_id");--> statement-breakpoint
CREATE INDEX "elder_status_history_tenant_id_elder_id_effective_from_index" ON "elder_status_history" USING btree ("tenant_id","elder_id","effective_from");--> statement-breakpoint
CREATE INDEX "elder_status_history_tenant_id_status_index" ON "elder_status_history" USING btree ("tenant_id","status");--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_tenant_id_town_code_regions_tenant_id_code_fk" FOREIGN KEY ("tenant_id","town_code") REFERENCES "public"."regions"("tenant_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_scope" UNIQUE NULLS NOT DISTINCT("tenant_id","year","key","town_code");
