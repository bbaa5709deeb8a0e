CREATE TABLE "allowance_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"purse" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allowance_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "allowance_rules_amount_positive" CHECK ("allowance_rules"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "card_ledger_entries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"purse" text NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"balance_after_fen" bigint NOT NULL,
	"reference_id" text,
	"facility_id" uuid,
	"service_type" text,
	"note" text,
	"content_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_ledger_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "card_ledger_amount_nonzero" CHECK ("card_ledger_entries"."amount_fen" <> 0),
	CONSTRAINT "card_ledger_balance_nonnegative" CHECK ("card_ledger_entries"."balance_after_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "card_purses" (
	"tenant_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"purse" text NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "card_purses_tenant_id_card_id_purse_pk" PRIMARY KEY("tenant_id","card_id","purse"),
	CONSTRAINT "card_purses_balance_nonnegative" CHECK ("card_purses"."balance_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "card_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"purses" jsonb NOT NULL,
	"allowance_expiry" text DEFAULT 'never' NOT NULL,
	"cancellation_rule" text DEFAULT 'return_bureau' NOT NULL,
	"service_types" text[] DEFAULT '{助浴,助洁,助医,康复护理,陪护}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_cards" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"card_no" text NOT NULL,
	"elder_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" uuid NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"replaced_by_card_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_cards_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "care_cards_tenantId_cardNo_unique" UNIQUE("tenant_id","card_no")
);
--> statement-breakpoint
ALTER TABLE "allowance_rules" ADD CONSTRAINT "allowance_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_ledger_entries" ADD CONSTRAINT "card_ledger_entries_tenant_id_card_id_care_cards_tenant_id_id_fk" FOREIGN KEY ("tenant_id","card_id") REFERENCES "public"."care_cards"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_ledger_entries" ADD CONSTRAINT "card_ledger_entries_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_purses" ADD CONSTRAINT "card_purses_tenant_id_card_id_care_cards_tenant_id_id_fk" FOREIGN KEY ("tenant_id","card_id") REFERENCES "public"."care_cards"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_settings" ADD CONSTRAINT "card_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_cards" ADD CONSTRAINT "care_cards_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_cards" ADD CONSTRAINT "care_cards_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "card_ledger_allowance_once" ON "card_ledger_entries" USING btree ("tenant_id","card_id","purse","reference_id") WHERE "card_ledger_entries"."kind" = 'allowance';--> statement-breakpoint
CREATE INDEX "card_ledger_entries_tenant_id_card_id_created_at_index" ON "card_ledger_entries" USING btree ("tenant_id","card_id","created_at");--> statement-breakpoint
CREATE INDEX "card_ledger_entries_tenant_id_facility_id_created_at_index" ON "card_ledger_entries" USING btree ("tenant_id","facility_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "care_cards_one_live_card_per_elder" ON "care_cards" USING btree ("tenant_id","elder_id") WHERE "care_cards"."status" <> 'cancelled';