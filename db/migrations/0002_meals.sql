CREATE TABLE "kitchen_orders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"meal_point_id" uuid NOT NULL,
	"kitchen_id" uuid NOT NULL,
	"served_on" date NOT NULL,
	"slot" text NOT NULL,
	"quantity" integer NOT NULL,
	"note" text,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kitchen_orders_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "kitchen_orders_tenantId_mealPointId_servedOn_slot_unique" UNIQUE("tenant_id","meal_point_id","served_on","slot"),
	CONSTRAINT "kitchen_orders_quantity" CHECK ("kitchen_orders"."quantity" >= 0 and "kitchen_orders"."quantity" <= 100000)
);
--> statement-breakpoint
CREATE TABLE "meal_records" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"elder_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"served_on" date NOT NULL,
	"slot" text NOT NULL,
	"mode" text NOT NULL,
	"price_fen" integer NOT NULL,
	"subsidy_fen" integer NOT NULL,
	"self_pay_fen" integer NOT NULL,
	"payment_method" text NOT NULL,
	"subsidised" boolean NOT NULL,
	"subsidy_seq" smallint,
	"subsidy_rule_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"collected_by_delegate_id" uuid,
	"content_hash" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"voided_by" uuid,
	CONSTRAINT "meal_records_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "meal_records_money" CHECK ("meal_records"."price_fen" >= 0 and "meal_records"."subsidy_fen" >= 0 and "meal_records"."self_pay_fen" >= 0 and "meal_records"."subsidy_fen" + "meal_records"."self_pay_fen" = "meal_records"."price_fen"),
	CONSTRAINT "meal_records_subsidy_seq" CHECK (("meal_records"."subsidised" and "meal_records"."subsidy_seq" >= 1) or (not "meal_records"."subsidised" and "meal_records"."subsidy_seq" is null and "meal_records"."subsidy_fen" = 0)),
	CONSTRAINT "meal_records_void_reason" CHECK (("meal_records"."voided_at" is null) = ("meal_records"."void_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "meal_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"subsidised_meals_per_slot" integer DEFAULT 1 NOT NULL,
	"back_dating_days" integer DEFAULT 3 NOT NULL,
	"kitchen_order_cutoff" text DEFAULT '16:00' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"comment" text,
	"totals" jsonb,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "settlements_tenantId_facilityId_month_unique" UNIQUE("tenant_id","facility_id","month"),
	CONSTRAINT "settlements_month_format" CHECK ("settlements"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "subsidy_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"category" text,
	"min_age" integer,
	"amount_fen" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subsidy_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "subsidy_rules_amount_nonnegative" CHECK ("subsidy_rules"."amount_fen" >= 0),
	CONSTRAINT "subsidy_rules_valid_range" CHECK ("subsidy_rules"."valid_to" is null or "subsidy_rules"."valid_to" >= "subsidy_rules"."valid_from"),
	CONSTRAINT "subsidy_rules_kind_fields" CHECK (("subsidy_rules"."kind" = 'category' and "subsidy_rules"."category" is not null and "subsidy_rules"."min_age" is null)
        or ("subsidy_rules"."kind" = 'age' and "subsidy_rules"."min_age" is not null and "subsidy_rules"."category" is null)
        or ("subsidy_rules"."kind" = 'delivery_extra' and "subsidy_rules"."category" is null and "subsidy_rules"."min_age" is null))
);
--> statement-breakpoint
ALTER TABLE "kitchen_orders" ADD CONSTRAINT "kitchen_orders_tenant_id_meal_point_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","meal_point_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kitchen_orders" ADD CONSTRAINT "kitchen_orders_tenant_id_kitchen_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","kitchen_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meal_records" ADD CONSTRAINT "meal_records_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meal_records" ADD CONSTRAINT "meal_records_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meal_settings" ADD CONSTRAINT "meal_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_rules" ADD CONSTRAINT "subsidy_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kitchen_orders_tenant_id_kitchen_id_served_on_index" ON "kitchen_orders" USING btree ("tenant_id","kitchen_id","served_on");--> statement-breakpoint
CREATE UNIQUE INDEX "meal_records_subsidy_cap" ON "meal_records" USING btree ("tenant_id","elder_id","served_on","slot","subsidy_seq") WHERE "meal_records"."subsidised" and "meal_records"."voided_at" is null;--> statement-breakpoint
CREATE INDEX "meal_records_tenant_id_facility_id_served_on_index" ON "meal_records" USING btree ("tenant_id","facility_id","served_on");--> statement-breakpoint
CREATE INDEX "meal_records_tenant_id_elder_id_served_on_index" ON "meal_records" USING btree ("tenant_id","elder_id","served_on");