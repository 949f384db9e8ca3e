DROP INDEX "opportunities_board_idx";--> statement-breakpoint
DROP INDEX "opportunities_close_idx";--> statement-breakpoint
DROP INDEX "opportunities_created_idx";--> statement-breakpoint
DROP INDEX "opportunities_closed_idx";--> statement-breakpoint
CREATE INDEX "opportunities_board_idx" ON "opportunities" USING btree ("pipeline_id","stage_id","owner_id","currency","amount");--> statement-breakpoint
CREATE INDEX "opportunities_close_idx" ON "opportunities" USING btree ("expected_close_on","owner_id","stage_id","currency","amount","probability");--> statement-breakpoint
CREATE INDEX "opportunities_created_idx" ON "opportunities" USING btree ("pipeline_id","created_at","owner_id","reached_stage_ids");--> statement-breakpoint
CREATE INDEX "opportunities_closed_idx" ON "opportunities" USING btree ("closed_at","owner_id","stage_id","currency","amount","created_at") WHERE "opportunities"."closed_at" is not null;