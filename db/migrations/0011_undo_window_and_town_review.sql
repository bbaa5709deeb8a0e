ALTER TABLE "meal_settings" ADD COLUMN "undo_window_minutes" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "meal_settings" ADD COLUMN "bureau_approves_without_town_reviewer" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "town_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "town_reviewed_by" uuid;