-- The sales dashboard reads rollups that a job refreshes from what is noted here, in the same
-- transaction as the change: a committed change is never missed, and a rolled-back one is never
-- noted. A change notes the deal's days of creation and closing and its owner, before and after,
-- so that a day or owner a deal leaves is redone as well as the one it joins.
CREATE FUNCTION report_note_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.created_at, OLD.closed_at, OLD.owner_id, OLD.pipeline_id, OLD.stage_id, OLD.amount, OLD.currency, OLD.reached_stage_ids)
      IS NOT DISTINCT FROM (NEW.created_at, NEW.closed_at, NEW.owner_id, NEW.pipeline_id, NEW.stage_id, NEW.amount, NEW.currency, NEW.reached_stage_ids) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO report_deal_changes (occurred_at, owner_id) VALUES (OLD.created_at, OLD.owner_id), (OLD.closed_at, OLD.owner_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_deal_changes (occurred_at, owner_id) VALUES (NEW.created_at, NEW.owner_id), (NEW.closed_at, NEW.owner_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER opportunities_deal_report_changes AFTER INSERT OR DELETE OR UPDATE OF created_at, closed_at, owner_id, pipeline_id, stage_id, amount, currency, reached_stage_ids ON opportunities
  FOR EACH ROW EXECUTE FUNCTION report_note_deal();
