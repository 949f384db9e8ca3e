-- RFM scores only live customers: deleting or restoring a buyer is noted too, so that the next
-- refresh scores everyone again rather than waiting for another purchase.
CREATE OR REPLACE FUNCTION report_note_customer_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_id IS DISTINCT FROM OLD.owner_id OR (NEW.deleted_at IS NULL) <> (OLD.deleted_at IS NULL) THEN
    INSERT INTO report_changes (customer_id) VALUES (NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER customers_report_changes ON customers;
--> statement-breakpoint
CREATE TRIGGER customers_report_changes AFTER UPDATE OF owner_id, deleted_at ON customers
  FOR EACH ROW EXECUTE FUNCTION report_note_customer_owner();
