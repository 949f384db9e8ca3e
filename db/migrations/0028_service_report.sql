CREATE TABLE "report_service_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_service_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_service_daily" (
	"day" date NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"owner_id" uuid,
	"opened" integer NOT NULL,
	"solved" integer NOT NULL,
	"ratings" integer NOT NULL,
	"rating_sum" integer NOT NULL,
	"first_response_counted" integer NOT NULL,
	"first_response_met" integer NOT NULL,
	"resolution_counted" integer NOT NULL,
	"resolution_met" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_service_responses" (
	"day" date NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"owner_id" uuid,
	"minutes" integer NOT NULL,
	"responses" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_service_state" (
	"name" text PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_service_daily_day_idx" ON "report_service_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_service_responses_day_idx" ON "report_service_responses" USING btree ("day");