CREATE TABLE "counter_devices" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sync_at" timestamp with time zone,
	"outbox_size" integer DEFAULT 0 NOT NULL,
	"oldest_unsynced_at" timestamp with time zone,
	"snapshot_version" text,
	CONSTRAINT "counter_devices_tenant_id_device_id_pk" PRIMARY KEY("tenant_id","device_id"),
	CONSTRAINT "counter_devices_outbox_size" CHECK ("counter_devices"."outbox_size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "facility_meal_prices" (
	"tenant_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"slot" text NOT NULL,
	"mode" text NOT NULL,
	"valid_from" date NOT NULL,
	"price_fen" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facility_meal_prices_tenant_id_facility_id_slot_mode_valid_from_pk" PRIMARY KEY("tenant_id","facility_id","slot","mode","valid_from"),
	CONSTRAINT "facility_meal_prices_price" CHECK ("facility_meal_prices"."price_fen" >= 0 and "facility_meal_prices"."price_fen" <= 10000000)
);
--> statement-breakpoint
ALTER TABLE "meal_records" ADD COLUMN "synced_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "meal_records" ADD COLUMN "synced_by" uuid;--> statement-breakpoint
ALTER TABLE "meal_records" ADD COLUMN "device_id" uuid;--> statement-breakpoint
ALTER TABLE "meal_records" ADD COLUMN "device_seq" integer;--> statement-breakpoint
ALTER TABLE "meal_records" ADD COLUMN "self_pay_due_fen" integer;--> statement-breakpoint
ALTER TABLE "meal_settings" ADD COLUMN "counter_snapshot_max_age_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "counter_devices" ADD CONSTRAINT "counter_devices_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_meal_prices" ADD CONSTRAINT "facility_meal_prices_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "counter_devices_tenant_id_facility_id_index" ON "counter_devices" USING btree ("tenant_id","facility_id");--> statement-breakpoint
CREATE INDEX "meal_records_tenant_id_device_id_device_seq_index" ON "meal_records" USING btree ("tenant_id","device_id","device_seq");--> statement-breakpoint
ALTER TABLE "meal_records" ADD CONSTRAINT "meal_records_self_pay_due" CHECK ("meal_records"."self_pay_due_fen" is null or ("meal_records"."self_pay_due_fen" > 0 and not "meal_records"."subsidised"));--> statement-breakpoint
ALTER TABLE "meal_records" ADD CONSTRAINT "meal_records_device" CHECK (("meal_records"."device_id" is null) = ("meal_records"."device_seq" is null));
