CREATE TABLE "card_user_months" (
	"tenant_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"elder_id" uuid NOT NULL,
	"first_paid_on" date NOT NULL,
	CONSTRAINT "card_user_months_tenant_id_year_month_elder_id_pk" PRIMARY KEY("tenant_id","year","month","elder_id")
);
--> statement-breakpoint
CREATE INDEX "card_user_months_tenant_id_year_month_first_paid_on_index" ON "card_user_months" USING btree ("tenant_id","year","month","first_paid_on");--> statement-breakpoint
CREATE INDEX "card_ledger_refunds_by_day" ON "card_ledger_entries" USING btree ("tenant_id","created_at") WHERE "card_ledger_entries"."kind" = 'refund';--> statement-breakpoint
ALTER TABLE "card_users" DROP COLUMN "months";