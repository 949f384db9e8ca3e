DROP INDEX "report_customers_net_spend_idx";--> statement-breakpoint
CREATE INDEX "report_customers_net_spend_idx" ON "report_customers" USING btree ("net_spend" DESC NULLS FIRST,"customer_id");