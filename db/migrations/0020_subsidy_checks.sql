CREATE TABLE "subsidy_check_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"two_places_km" double precision NOT NULL,
	"delegate_share_factor" double precision NOT NULL,
	"delegate_min_meals" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_external_lists" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rows" integer NOT NULL,
	"matched" integer NOT NULL,
	CONSTRAINT "subsidy_external_lists_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "subsidy_finding_items" (
	"tenant_id" uuid NOT NULL,
	"family" text NOT NULL,
	"item_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	CONSTRAINT "subsidy_finding_items_tenant_id_family_item_id_pk" PRIMARY KEY("tenant_id","family","item_id")
);
--> statement-breakpoint
CREATE TABLE "subsidy_findings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"elder_id" uuid,
	"facility_id" uuid,
	"town_code" text,
	"period" text NOT NULL,
	"meal_record_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ledger_entry_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"amount_fen" integer NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text,
	"recovery" jsonb,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "subsidy_findings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "subsidy_findings_raised_once" UNIQUE("tenant_id","key"),
	CONSTRAINT "subsidy_findings_amount_nonnegative" CHECK ("subsidy_findings"."amount_fen" >= 0),
	CONSTRAINT "subsidy_findings_decision" CHECK (("subsidy_findings"."status" = 'open') = ("subsidy_findings"."decided_at" is null))
);
--> statement-breakpoint
CREATE TABLE "subsidy_recoveries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"meal_record_id" uuid NOT NULL,
	"month" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subsidy_recoveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "subsidy_recoveries_meal_once" UNIQUE("tenant_id","meal_record_id"),
	CONSTRAINT "subsidy_recoveries_amount_positive" CHECK ("subsidy_recoveries"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "subsidy_check_settings" ADD CONSTRAINT "subsidy_check_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_external_lists" ADD CONSTRAINT "subsidy_external_lists_tenant_id_imported_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","imported_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_finding_items" ADD CONSTRAINT "subsidy_finding_items_tenant_id_finding_id_subsidy_findings_tenant_id_id_fk" FOREIGN KEY ("tenant_id","finding_id") REFERENCES "public"."subsidy_findings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_findings" ADD CONSTRAINT "subsidy_findings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_findings" ADD CONSTRAINT "subsidy_findings_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_findings" ADD CONSTRAINT "subsidy_findings_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_findings" ADD CONSTRAINT "subsidy_findings_tenant_id_decided_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","decided_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_recoveries" ADD CONSTRAINT "subsidy_recoveries_tenant_id_finding_id_subsidy_findings_tenant_id_id_fk" FOREIGN KEY ("tenant_id","finding_id") REFERENCES "public"."subsidy_findings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_recoveries" ADD CONSTRAINT "subsidy_recoveries_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_recoveries" ADD CONSTRAINT "subsidy_recoveries_tenant_id_meal_record_id_meal_records_tenant_id_id_fk" FOREIGN KEY ("tenant_id","meal_record_id") REFERENCES "public"."meal_records"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subsidy_findings_tenant_id_status_kind_index" ON "subsidy_findings" USING btree ("tenant_id","status","kind");--> statement-breakpoint
CREATE INDEX "subsidy_findings_tenant_id_town_code_index" ON "subsidy_findings" USING btree ("tenant_id","town_code");--> statement-breakpoint
CREATE INDEX "subsidy_recoveries_tenant_id_facility_id_month_index" ON "subsidy_recoveries" USING btree ("tenant_id","facility_id","month");
