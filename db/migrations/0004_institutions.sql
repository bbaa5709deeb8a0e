CREATE TABLE "bed_reports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"total_beds" integer NOT NULL,
	"nursing_beds" integer NOT NULL,
	"dementia_beds" integer NOT NULL,
	"closed_beds" integer NOT NULL,
	"occupied_beds" integer NOT NULL,
	"occupied_nursing_beds" integer NOT NULL,
	"occupied_dementia_beds" integer NOT NULL,
	"residents_self_care" integer NOT NULL,
	"residents_partly_dependent" integer NOT NULL,
	"residents_dependent" integer NOT NULL,
	"certified_caregivers" integer NOT NULL,
	"caregivers" integer NOT NULL,
	"explanation" text,
	"comment" text,
	"figure_changed_at" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bed_reports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "bed_reports_tenantId_facilityId_period_unique" UNIQUE("tenant_id","facility_id","period"),
	CONSTRAINT "bed_reports_period_format" CHECK ("bed_reports"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "bed_reports_figures" CHECK (least("bed_reports"."total_beds", "bed_reports"."nursing_beds", "bed_reports"."dementia_beds", "bed_reports"."closed_beds", "bed_reports"."occupied_beds", "bed_reports"."occupied_nursing_beds", "bed_reports"."occupied_dementia_beds",
        "bed_reports"."residents_self_care", "bed_reports"."residents_partly_dependent", "bed_reports"."residents_dependent", "bed_reports"."certified_caregivers", "bed_reports"."caregivers") >= 0
        and "bed_reports"."nursing_beds" <= "bed_reports"."total_beds" and "bed_reports"."dementia_beds" <= "bed_reports"."total_beds"
        and "bed_reports"."occupied_beds" + "bed_reports"."closed_beds" <= "bed_reports"."total_beds"
        and "bed_reports"."occupied_nursing_beds" <= "bed_reports"."nursing_beds" and "bed_reports"."occupied_dementia_beds" <= "bed_reports"."dementia_beds"
        and "bed_reports"."certified_caregivers" <= "bed_reports"."caregivers")
);
--> statement-breakpoint
CREATE TABLE "institution_profiles" (
	"tenant_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"ownership" text NOT NULL,
	"licence_no" text,
	"licensed_on" date,
	"licensed_beds" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_profiles_tenant_id_facility_id_pk" PRIMARY KEY("tenant_id","facility_id"),
	CONSTRAINT "institution_profiles_licensed_beds" CHECK ("institution_profiles"."licensed_beds" is null or "institution_profiles"."licensed_beds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "institution_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "star_ratings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"assessed_on" date NOT NULL,
	"assessors" text[] NOT NULL,
	"section_scores" jsonb NOT NULL,
	"total_score" integer NOT NULL,
	"scored_grade" smallint,
	"grade" smallint,
	"first_rating" boolean NOT NULL,
	"valid_until" date NOT NULL,
	"remarks" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "star_ratings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "star_ratings_grades" CHECK (("star_ratings"."grade" is null or "star_ratings"."grade" between 1 and 5) and ("star_ratings"."scored_grade" is null or "star_ratings"."scored_grade" between 1 and 5)),
	CONSTRAINT "star_ratings_valid_range" CHECK ("star_ratings"."valid_until" >= "star_ratings"."assessed_on")
);
--> statement-breakpoint
ALTER TABLE "bed_reports" ADD CONSTRAINT "bed_reports_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_profiles" ADD CONSTRAINT "institution_profiles_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_settings" ADD CONSTRAINT "institution_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "star_ratings" ADD CONSTRAINT "star_ratings_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bed_reports_tenant_id_period_status_index" ON "bed_reports" USING btree ("tenant_id","period","status");--> statement-breakpoint
CREATE INDEX "star_ratings_tenant_id_facility_id_assessed_on_index" ON "star_ratings" USING btree ("tenant_id","facility_id","assessed_on");