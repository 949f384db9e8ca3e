-- A deal's reached stages follow its stage history in the same transaction, whichever way a row
-- is written there.
CREATE FUNCTION opportunity_note_reached_stage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE opportunities SET reached_stage_ids = array_append(reached_stage_ids, NEW.stage_id)
  WHERE id = NEW.opportunity_id AND NOT (NEW.stage_id = ANY (reached_stage_ids));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER opportunity_stage_history_reached AFTER INSERT ON opportunity_stage_history
  FOR EACH ROW EXECUTE FUNCTION opportunity_note_reached_stage();
--> statement-breakpoint
UPDATE opportunities o SET reached_stage_ids = h.stage_ids
FROM (SELECT opportunity_id, array_agg(DISTINCT stage_id) AS stage_ids FROM opportunity_stage_history GROUP BY opportunity_id) h
WHERE h.opportunity_id = o.id;
