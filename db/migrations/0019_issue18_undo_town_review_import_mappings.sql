CREATE TABLE "import_column_mappings" (
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"header_key" text NOT NULL,
	"header" text NOT NULL,
	"field" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_column_mappings_tenant_id_kind_header_key_pk" PRIMARY KEY("tenant_id","kind","header_key")
);
--> statement-breakpoint
ALTER TABLE "meal_settings" ADD COLUMN "undo_window_minutes" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "meal_settings" ADD COLUMN "bureau_approves_without_town_reviewer" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "town_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "town_reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "import_column_mappings" ADD CONSTRAINT "import_column_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
