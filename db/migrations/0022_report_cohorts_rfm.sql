CREATE TABLE "report_cohorts" (
	"cohort_month" date NOT NULL,
	"month" date NOT NULL,
	"team_key" text NOT NULL,
	"customers" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_cohorts_team_key_cohort_month_month_pk" PRIMARY KEY("team_key","cohort_month","month")
);
--> statement-breakpoint
CREATE TABLE "report_rfm" (
	"name" text PRIMARY KEY NOT NULL,
	"recency_cuts" timestamp with time zone[] NOT NULL,
	"frequency_cuts" integer[] NOT NULL,
	"monetary_cuts" bigint[] NOT NULL,
	"customers" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_rfm_cells" (
	"team_key" text NOT NULL,
	"recency" integer NOT NULL,
	"frequency" integer NOT NULL,
	"customers" integer NOT NULL,
	"net_spend" bigint NOT NULL,
	"monetary_scores" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_rfm_cells_team_key_recency_frequency_pk" PRIMARY KEY("team_key","recency","frequency")
);
--> statement-breakpoint
CREATE INDEX "report_cohorts_month_idx" ON "report_cohorts" USING btree ("month");--> statement-breakpoint
CREATE INDEX "report_customers_last_paid_at_idx" ON "report_customers" USING btree ("last_paid_at");--> statement-breakpoint
CREATE INDEX "report_customers_paid_orders_idx" ON "report_customers" USING btree ("paid_orders");