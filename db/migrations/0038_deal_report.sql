CREATE TABLE "report_deal_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_deal_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone,
	"owner_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_deal_stages" (
	"owner_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"deals" integer NOT NULL,
	"value" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_deal_stages_owner_id_pipeline_id_stage_id_pk" PRIMARY KEY("owner_id","pipeline_id","stage_id")
);
--> statement-breakpoint
CREATE TABLE "report_deals_closed" (
	"day" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"won" integer NOT NULL,
	"lost" integer NOT NULL,
	"won_value" bigint NOT NULL,
	"won_cycle_days" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_deals_created" (
	"day" date NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"reached_stage_ids" uuid[] NOT NULL,
	"deals" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_deals_closed_day_idx" ON "report_deals_closed" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_deals_created_day_idx" ON "report_deals_created" USING btree ("day");