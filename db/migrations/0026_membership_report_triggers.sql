-- The membership dashboard reads rollups that a job refreshes from what is noted here, in the same
-- transaction as the change: a committed ledger row or tier change is never missed, and a
-- rolled-back one is never noted. Each note is a row of its own, so writers never wait on each other.
CREATE FUNCTION report_note_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_points_changes (scope, occurred_at) VALUES ('month', NEW.occurred_at);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER points_ledger_report_changes AFTER INSERT ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION report_note_points();
--> statement-breakpoint
-- A tier change counts in the month it was made; moved to another instant, both months are redone.
CREATE FUNCTION report_note_tier_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_points_changes (scope, occurred_at) VALUES ('month', NEW.created_at);
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO report_points_changes (scope, occurred_at) VALUES ('month', OLD.created_at);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tier_changes_report_changes AFTER INSERT OR UPDATE OF created_at, from_tier_id, to_tier_id ON tier_changes
  FOR EACH ROW EXECUTE FUNCTION report_note_tier_change();
--> statement-breakpoint
-- Ranks decide which changes are upgrades: a change of rank redoes every month.
CREATE FUNCTION report_note_tier_ranks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_points_changes (scope) VALUES ('all');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tiers_report_changes AFTER UPDATE OF rank ON tiers
  FOR EACH STATEMENT EXECUTE FUNCTION report_note_tier_ranks();
--> statement-breakpoint
-- Who is a member, and in which tier: the counts of members are redone.
CREATE FUNCTION report_note_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_points_changes (scope) VALUES ('members');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_report_changes AFTER INSERT OR DELETE OR UPDATE OF tier_id, status, customer_id ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION report_note_members();
--> statement-breakpoint
CREATE TRIGGER customers_members_report_changes AFTER UPDATE OF deleted_at ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION report_note_members();
