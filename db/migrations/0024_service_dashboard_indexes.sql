CREATE INDEX "ticket_sla_clocks_decided_idx" ON "ticket_sla_clocks" USING btree ("kind",coalesce("stopped_at", "breached_at"));--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_solved_idx" ON "tickets" USING btree ("solved_at") WHERE "tickets"."solved_at" is not null;--> statement-breakpoint
CREATE INDEX "tickets_rated_idx" ON "tickets" USING btree ("rated_at") WHERE "tickets"."rated_at" is not null;