CREATE TYPE "public"."campaign_kind" AS ENUM('multiplier', 'bonus');--> statement-breakpoint
CREATE TYPE "public"."coupon_batch_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."coupon_issue_channel" AS ENUM('staff', 'bulk', 'exchange', 'api');--> statement-breakpoint
CREATE TYPE "public"."coupon_kind" AS ENUM('fixed', 'percent');--> statement-breakpoint
CREATE TYPE "public"."coupon_status" AS ENUM('available', 'redeemed', 'void', 'expired');--> statement-breakpoint
CREATE TYPE "public"."enrolment_channel" AS ENUM('staff', 'portal', 'api');--> statement-breakpoint
CREATE TYPE "public"."membership_status" AS ENUM('active', 'frozen', 'closed');--> statement-breakpoint
CREATE TYPE "public"."pending_points_status" AS ENUM('pending', 'released', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."points_kind" AS ENUM('earn', 'redeem', 'expire', 'adjust', 'reverse');--> statement-breakpoint
CREATE TYPE "public"."points_source" AS ENUM('order', 'signup', 'birthday', 'manual', 'coupon', 'expiry', 'merge', 'api');--> statement-breakpoint
CREATE TYPE "public"."tier_change_reason" AS ENUM('upgrade', 'review', 'refund', 'manual');--> statement-breakpoint
CREATE TABLE "coupon_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"segment_id" uuid NOT NULL,
	"status" "coupon_batch_status" DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coupon_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"description" text DEFAULT '' NOT NULL,
	"kind" "coupon_kind" NOT NULL,
	"amount_off" bigint,
	"percent_off" integer,
	"max_discount" bigint,
	"min_spend" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"valid_days" integer,
	"total_quantity" integer,
	"issued_count" integer DEFAULT 0 NOT NULL,
	"per_member_limit" integer,
	"eligible_tier_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"points_price" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupon_templates_kind_check" CHECK (("coupon_templates"."kind" = 'fixed' and "coupon_templates"."amount_off" > 0) or ("coupon_templates"."kind" = 'percent' and "coupon_templates"."percent_off" between 1 and 100)),
	CONSTRAINT "coupon_templates_validity_check" CHECK ("coupon_templates"."valid_days" > 0 or "coupon_templates"."valid_until" is not null),
	CONSTRAINT "coupon_templates_quantity_check" CHECK ("coupon_templates"."total_quantity" is null or "coupon_templates"."issued_count" <= "coupon_templates"."total_quantity")
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"template_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"status" "coupon_status" DEFAULT 'available' NOT NULL,
	"issued_via" "coupon_issue_channel" NOT NULL,
	"issue_key" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"redeemed_at" timestamp with time zone,
	"order_id" uuid,
	"discount" bigint,
	"void_reason" text,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "memberships_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 10001 CACHE 1),
	"customer_id" uuid NOT NULL,
	"user_id" uuid,
	"status" "membership_status" DEFAULT 'active' NOT NULL,
	"enrolled_via" "enrolment_channel" NOT NULL,
	"tier_id" uuid NOT NULL,
	"reviewed_tier_id" uuid NOT NULL,
	"next_review_on" date NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_points" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pending_points_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"membership_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"points" bigint NOT NULL,
	"qualifying_spend" bigint NOT NULL,
	"qualifying_points" bigint NOT NULL,
	"refunded_spend" bigint DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"status" "pending_points_status" DEFAULT 'pending' NOT NULL,
	"reason" text,
	"request_hash" text NOT NULL,
	"entry_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pending_points_refund_check" CHECK ("pending_points"."refunded_spend" between 0 and "pending_points"."qualifying_spend")
);
--> statement-breakpoint
CREATE TABLE "pending_refunds" (
	"refund_id" text PRIMARY KEY NOT NULL,
	"pending_id" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "campaign_kind" NOT NULL,
	"multiplier_percent" integer,
	"bonus_points" integer,
	"category" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_campaigns_dates_check" CHECK ("points_campaigns"."starts_on" <= "points_campaigns"."ends_on"),
	CONSTRAINT "points_campaigns_kind_check" CHECK (("points_campaigns"."kind" = 'multiplier' and "points_campaigns"."multiplier_percent" > 0) or ("points_campaigns"."kind" = 'bonus' and "points_campaigns"."bonus_points" > 0))
);
--> statement-breakpoint
CREATE TABLE "points_draws" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_draws_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entry_id" bigint NOT NULL,
	"lot_id" bigint NOT NULL,
	"points" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_draws_points_check" CHECK ("points_draws"."points" <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"membership_id" uuid NOT NULL,
	"kind" "points_kind" NOT NULL,
	"source" "points_source" NOT NULL,
	"delta" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"qualifying_spend" bigint DEFAULT 0 NOT NULL,
	"qualifying_points" bigint DEFAULT 0 NOT NULL,
	"order_id" uuid,
	"coupon_id" uuid,
	"reverses_id" bigint,
	"reason" text,
	"idempotency_scope" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_ledger_delta_check" CHECK ("points_ledger"."delta" <> 0 or "points_ledger"."qualifying_spend" <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_lots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_lots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"membership_id" uuid NOT NULL,
	"entry_id" bigint NOT NULL,
	"points" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_lots_remaining_check" CHECK ("points_lots"."points" > 0 and "points_lots"."remaining" between 0 and "points_lots"."points")
);
--> statement-breakpoint
CREATE TABLE "tier_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tier_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"membership_id" uuid NOT NULL,
	"from_tier_id" uuid,
	"to_tier_id" uuid NOT NULL,
	"reason" "tier_change_reason" NOT NULL,
	"entry_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"qualifying_spend" bigint NOT NULL,
	"qualifying_points" bigint NOT NULL,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rank" integer NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"min_spend" bigint,
	"min_points" bigint,
	"multiplier_percent" integer DEFAULT 100 NOT NULL,
	"benefits" text DEFAULT '' NOT NULL,
	"benefits_zh" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_multiplier_check" CHECK ("tiers"."multiplier_percent" between 0 and 10000),
	CONSTRAINT "tiers_thresholds_check" CHECK (coalesce("tiers"."min_spend", 0) >= 0 and coalesce("tiers"."min_points", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "coupon_batches" ADD CONSTRAINT "coupon_batches_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_batches" ADD CONSTRAINT "coupon_batches_segment_id_customer_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."customer_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_batches" ADD CONSTRAINT "coupon_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_reviewed_tier_id_tiers_id_fk" FOREIGN KEY ("reviewed_tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_merged_into_id_memberships_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_points" ADD CONSTRAINT "pending_points_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_points" ADD CONSTRAINT "pending_points_entry_id_points_ledger_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_refunds" ADD CONSTRAINT "pending_refunds_pending_id_pending_points_id_fk" FOREIGN KEY ("pending_id") REFERENCES "public"."pending_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_draws" ADD CONSTRAINT "points_draws_entry_id_points_ledger_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_draws" ADD CONSTRAINT "points_draws_lot_id_points_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."points_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_reverses_id_points_ledger_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."points_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_entry_id_points_ledger_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_from_tier_id_tiers_id_fk" FOREIGN KEY ("from_tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_to_tier_id_tiers_id_fk" FOREIGN KEY ("to_tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_code_key" ON "coupons" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_issue_key" ON "coupons" USING btree ("issue_key");--> statement-breakpoint
CREATE INDEX "coupons_membership_idx" ON "coupons" USING btree ("membership_id","status");--> statement-breakpoint
CREATE INDEX "coupons_template_idx" ON "coupons" USING btree ("template_id","status");--> statement-breakpoint
CREATE INDEX "coupons_expiry_idx" ON "coupons" USING btree ("expires_at") WHERE "coupons"."status" = 'available';--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_number_key" ON "memberships" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_customer_key" ON "memberships" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_user_key" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "memberships_tier_idx" ON "memberships" USING btree ("tier_id");--> statement-breakpoint
CREATE INDEX "memberships_review_idx" ON "memberships" USING btree ("next_review_on");--> statement-breakpoint
CREATE UNIQUE INDEX "pending_points_order_key" ON "pending_points" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "pending_points_due_idx" ON "pending_points" USING btree ("available_at") WHERE "pending_points"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "pending_points_membership_idx" ON "pending_points" USING btree ("membership_id") WHERE "pending_points"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "points_campaigns_dates_idx" ON "points_campaigns" USING btree ("starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "points_draws_entry_idx" ON "points_draws" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "points_draws_lot_idx" ON "points_draws" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_idempotency_key" ON "points_ledger" USING btree ("idempotency_scope","idempotency_key");--> statement-breakpoint
CREATE INDEX "points_ledger_membership_idx" ON "points_ledger" USING btree ("membership_id","occurred_at");--> statement-breakpoint
CREATE INDEX "points_ledger_order_idx" ON "points_ledger" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "points_ledger_reverses_idx" ON "points_ledger" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "points_lots_open_idx" ON "points_lots" USING btree ("membership_id","expires_at","id") WHERE "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "points_lots_expiry_idx" ON "points_lots" USING btree ("expires_at") WHERE "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "points_lots_entry_idx" ON "points_lots" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "tier_changes_membership_idx" ON "tier_changes" USING btree ("membership_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tiers_rank_key" ON "tiers" USING btree ("rank");