-- Reports read rollups that a job refreshes from the customers noted here. The notes are written in
-- the same transaction as the change, so a committed purchase, refund, merge or change of owner is
-- never missed, and a rolled-back one is never noted.
CREATE FUNCTION report_note_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.paid_at IS NOT NULL THEN
      INSERT INTO report_changes (customer_id) VALUES (NEW.customer_id);
    END IF;
  ELSIF (NEW.paid_at, NEW.total, NEW.refunded, NEW.currency, NEW.customer_id) IS DISTINCT FROM (OLD.paid_at, OLD.total, OLD.refunded, OLD.currency, OLD.customer_id) THEN
    INSERT INTO report_changes (customer_id) VALUES (NEW.customer_id);
    IF NEW.customer_id <> OLD.customer_id THEN
      INSERT INTO report_changes (customer_id) VALUES (OLD.customer_id);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER orders_report_changes AFTER INSERT OR UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION report_note_order();
--> statement-breakpoint
-- A customer's owner decides which team's figures their purchases count in.
CREATE FUNCTION report_note_customer_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_id IS DISTINCT FROM OLD.owner_id THEN
    INSERT INTO report_changes (customer_id) VALUES (NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_report_changes AFTER UPDATE OF owner_id ON customers
  FOR EACH ROW EXECUTE FUNCTION report_note_customer_owner();
--> statement-breakpoint
-- Someone joining or leaving a team moves their customers' figures: every month is regrouped.
CREATE FUNCTION report_note_teams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_changes (customer_id) VALUES (NULL);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER team_members_report_changes AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH STATEMENT EXECUTE FUNCTION report_note_teams();
