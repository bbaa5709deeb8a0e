CREATE TABLE "card_users" (
	"tenant_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"elder_id" uuid NOT NULL,
	"first_paid_on" date NOT NULL,
	"months" integer NOT NULL,
	CONSTRAINT "card_users_tenant_id_year_elder_id_pk" PRIMARY KEY("tenant_id","year","elder_id")
);
--> statement-breakpoint
CREATE TABLE "indicator_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_targets" (
	"tenant_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"key" text NOT NULL,
	"comparator" text NOT NULL,
	"value" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_targets_tenant_id_year_key_pk" PRIMARY KEY("tenant_id","year","key"),
	CONSTRAINT "indicator_targets_value" CHECK (("indicator_targets"."comparator" = 'at_least') = ("indicator_targets"."value" is not null))
);
--> statement-breakpoint
CREATE TABLE "meal_daily_totals" (
	"tenant_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"served_on" date NOT NULL,
	"slot" text NOT NULL,
	"mode" text NOT NULL,
	"meals" integer NOT NULL,
	"subsidised_meals" integer NOT NULL,
	"subsidy_fen" bigint NOT NULL,
	"self_pay_fen" bigint NOT NULL,
	CONSTRAINT "meal_daily_totals_tenant_id_facility_id_served_on_slot_mode_pk" PRIMARY KEY("tenant_id","facility_id","served_on","slot","mode")
);
--> statement-breakpoint
CREATE TABLE "population_stats" (
	"tenant_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"year" smallint NOT NULL,
	"basis" text NOT NULL,
	"population60_plus" integer NOT NULL,
	"population80_plus" integer NOT NULL,
	"population_total" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_stats_tenant_id_year_basis_community_code_pk" PRIMARY KEY("tenant_id","year","basis","community_code"),
	CONSTRAINT "population_stats_figures" CHECK ("population_stats"."population80_plus" >= 0 and "population_stats"."population80_plus" <= "population_stats"."population60_plus" and "population_stats"."population60_plus" <= "population_stats"."population_total")
);
--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "indicator_settings" ADD CONSTRAINT "indicator_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_stats" ADD CONSTRAINT "population_stats_tenant_id_community_code_regions_tenant_id_code_fk" FOREIGN KEY ("tenant_id","community_code") REFERENCES "public"."regions"("tenant_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "card_users_tenant_id_year_first_paid_on_index" ON "card_users" USING btree ("tenant_id","year","first_paid_on");--> statement-breakpoint
CREATE INDEX "meal_daily_totals_tenant_id_served_on_index" ON "meal_daily_totals" USING btree ("tenant_id","served_on");