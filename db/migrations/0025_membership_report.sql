CREATE TABLE "report_membership_state" (
	"name" text PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"members" integer NOT NULL,
	"active_members" integer NOT NULL,
	"counted_at" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_membership_tiers" (
	"tier_id" uuid PRIMARY KEY NOT NULL,
	"members" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_points_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_points_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"scope" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_points_monthly" (
	"month" date PRIMARY KEY NOT NULL,
	"earned" bigint NOT NULL,
	"earn_reversed" bigint NOT NULL,
	"redeemed" bigint NOT NULL,
	"redeem_returned" bigint NOT NULL,
	"expired" bigint NOT NULL,
	"adjusted_in" bigint NOT NULL,
	"adjusted_out" bigint NOT NULL,
	"merged" bigint NOT NULL,
	"upgrades" integer NOT NULL,
	"downgrades" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_membership_tiers" ADD CONSTRAINT "report_membership_tiers_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coupons_issued_idx" ON "coupons" USING btree ("created_at","template_id","status");--> statement-breakpoint
CREATE INDEX "coupons_template_issued_idx" ON "coupons" USING btree ("template_id","created_at");--> statement-breakpoint
CREATE INDEX "points_ledger_occurred_idx" ON "points_ledger" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "tier_changes_created_idx" ON "tier_changes" USING btree ("created_at");