ALTER TABLE "report_customers" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "report_customers" ADD COLUMN "live" boolean DEFAULT true NOT NULL;