CREATE TABLE "report_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_customer_months" (
	"customer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"paid_orders" integer NOT NULL,
	"paid_amount" bigint NOT NULL,
	"refunded_amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_customer_months_customer_id_month_pk" PRIMARY KEY("customer_id","month")
);
--> statement-breakpoint
CREATE TABLE "report_customers" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"first_paid_at" timestamp with time zone NOT NULL,
	"first_month" date NOT NULL,
	"last_paid_at" timestamp with time zone NOT NULL,
	"paid_orders" integer NOT NULL,
	"paid_amount" bigint NOT NULL,
	"refunded_amount" bigint NOT NULL,
	"net_spend" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_monthly" (
	"month" date NOT NULL,
	"team_key" text NOT NULL,
	"paid_orders" integer NOT NULL,
	"paid_amount" bigint NOT NULL,
	"refunded_amount" bigint NOT NULL,
	"buyers" integer NOT NULL,
	"new_buyers" integer NOT NULL,
	"repeat_buyers" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_monthly_team_key_month_pk" PRIMARY KEY("team_key","month")
);
--> statement-breakpoint
CREATE TABLE "report_state" (
	"name" text PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"currency" text NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_customer_months" ADD CONSTRAINT "report_customer_months_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_customers" ADD CONSTRAINT "report_customers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_customer_months_month_idx" ON "report_customer_months" USING btree ("month");--> statement-breakpoint
CREATE INDEX "report_customers_net_spend_idx" ON "report_customers" USING btree ("net_spend" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "report_customers_first_month_idx" ON "report_customers" USING btree ("first_month");