CREATE TABLE "facilities" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"community_code" text NOT NULL,
	"address" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"operator_org" text,
	"contact_name" text,
	"contact_phone_encrypted" text,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"meal_slots" text[] DEFAULT '{}'::text[] NOT NULL,
	"meal_modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"daily_capacity" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"supplier_kitchen_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facilities_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "facilities_closed_after_opened" CHECK ("facilities"."closed_on" is null or "facilities"."closed_on" >= "facilities"."opened_on")
);
--> statement-breakpoint
CREATE TABLE "facility_service_areas" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "facility_service_areas_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "facility_service_areas_valid_range" CHECK ("facility_service_areas"."valid_to" is null or "facility_service_areas"."valid_to" > "facility_service_areas"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "user_facility_scopes" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	CONSTRAINT "user_facility_scopes_tenant_id_user_id_facility_id_pk" PRIMARY KEY("tenant_id","user_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "elder_categories" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"elder_id" uuid NOT NULL,
	"category" text NOT NULL,
	"level" text,
	"start_on" date NOT NULL,
	"end_on" date,
	CONSTRAINT "elder_categories_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "elder_categories_valid_range" CHECK ("elder_categories"."end_on" is null or "elder_categories"."end_on" >= "elder_categories"."start_on")
);
--> statement-breakpoint
CREATE TABLE "elder_pickup_delegates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"elder_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"phone_encrypted" text,
	"consent_on" date NOT NULL,
	CONSTRAINT "elder_pickup_delegates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "elders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_tail" text NOT NULL,
	"id_number_head" text NOT NULL,
	"name" text NOT NULL,
	"name_initials" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone_encrypted" text,
	"phone_hash" text,
	"community_code" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"deceased_on" date,
	"dietary_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elders_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "elders_tenantId_idNumberHash_unique" UNIQUE("tenant_id","id_number_hash"),
	CONSTRAINT "elders_deceased_has_date" CHECK (("elders"."status" = 'deceased') = ("elders"."deceased_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_tenant_id_community_code_regions_tenant_id_code_fk" FOREIGN KEY ("tenant_id","community_code") REFERENCES "public"."regions"("tenant_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_tenant_id_supplier_kitchen_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","supplier_kitchen_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_service_areas" ADD CONSTRAINT "facility_service_areas_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_service_areas" ADD CONSTRAINT "facility_service_areas_tenant_id_community_code_regions_tenant_id_code_fk" FOREIGN KEY ("tenant_id","community_code") REFERENCES "public"."regions"("tenant_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_facility_scopes" ADD CONSTRAINT "user_facility_scopes_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_facility_scopes" ADD CONSTRAINT "user_facility_scopes_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_categories" ADD CONSTRAINT "elder_categories_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_pickup_delegates" ADD CONSTRAINT "elder_pickup_delegates_tenant_id_elder_id_elders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","elder_id") REFERENCES "public"."elders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elders" ADD CONSTRAINT "elders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elders" ADD CONSTRAINT "elders_tenant_id_community_code_regions_tenant_id_code_fk" FOREIGN KEY ("tenant_id","community_code") REFERENCES "public"."regions"("tenant_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "facilities_tenant_id_community_code_index" ON "facilities" USING btree ("tenant_id","community_code");--> statement-breakpoint
CREATE INDEX "facilities_tenant_id_type_index" ON "facilities" USING btree ("tenant_id","type");--> statement-breakpoint
CREATE INDEX "facility_service_areas_tenant_id_facility_id_index" ON "facility_service_areas" USING btree ("tenant_id","facility_id");--> statement-breakpoint
CREATE INDEX "facility_service_areas_tenant_id_community_code_index" ON "facility_service_areas" USING btree ("tenant_id","community_code");--> statement-breakpoint
CREATE INDEX "elder_categories_tenant_id_elder_id_index" ON "elder_categories" USING btree ("tenant_id","elder_id");--> statement-breakpoint
CREATE INDEX "elder_categories_tenant_id_category_index" ON "elder_categories" USING btree ("tenant_id","category");--> statement-breakpoint
CREATE INDEX "elder_pickup_delegates_tenant_id_elder_id_index" ON "elder_pickup_delegates" USING btree ("tenant_id","elder_id");--> statement-breakpoint
CREATE INDEX "elders_tenant_id_community_code_index" ON "elders" USING btree ("tenant_id","community_code");--> statement-breakpoint
CREATE INDEX "elders_tenant_id_id_number_tail_index" ON "elders" USING btree ("tenant_id","id_number_tail");--> statement-breakpoint
CREATE INDEX "elders_tenant_id_name_initials_index" ON "elders" USING btree ("tenant_id","name_initials");--> statement-breakpoint
CREATE INDEX "elders_tenant_id_phone_hash_index" ON "elders" USING btree ("tenant_id","phone_hash");--> statement-breakpoint
CREATE INDEX "elders_tenant_id_name_index" ON "elders" USING btree ("tenant_id","name");