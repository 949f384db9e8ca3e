-- The service dashboard reads daily rollups that a job refreshes from the instants noted here, in
-- the same transaction as the change: a committed change is never missed, and a rolled-back one is
-- never noted. Each note is a row of its own, so writers never wait on each other. A change notes
-- the instants before and after it, so that a day a ticket leaves is redone as well as the one it
-- joins.
CREATE FUNCTION report_note_service_instants(VARIADIC instants timestamptz[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_service_changes (occurred_at)
  SELECT DISTINCT instant FROM unnest(instants) AS instant WHERE instant IS NOT NULL;
$$;
--> statement-breakpoint
-- A ticket counts on the days it was opened, solved and rated, with its team, assignee and
-- customer; its clocks count with them too, and not at all once it is merged away.
CREATE FUNCTION report_note_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.created_at, OLD.solved_at, OLD.rated_at, OLD.rating, OLD.team_id, OLD.assignee_id, OLD.customer_id, OLD.merged_into_id)
      IS NOT DISTINCT FROM (NEW.created_at, NEW.solved_at, NEW.rated_at, NEW.rating, NEW.team_id, NEW.assignee_id, NEW.customer_id, NEW.merged_into_id) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_note_service_instants(OLD.created_at, OLD.solved_at, OLD.rated_at);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_note_service_instants(NEW.created_at, NEW.solved_at, NEW.rated_at);
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.team_id, OLD.assignee_id, OLD.customer_id, OLD.merged_into_id) IS DISTINCT FROM (NEW.team_id, NEW.assignee_id, NEW.customer_id, NEW.merged_into_id) THEN
    INSERT INTO report_service_changes (occurred_at)
    SELECT DISTINCT coalesce(stopped_at, breached_at) FROM ticket_sla_clocks
    WHERE ticket_id = NEW.id AND coalesce(stopped_at, breached_at) IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_service_report_changes AFTER INSERT OR DELETE OR UPDATE OF created_at, solved_at, rated_at, rating, team_id, assignee_id, customer_id, merged_into_id ON tickets
  FOR EACH ROW EXECUTE FUNCTION report_note_ticket();
--> statement-breakpoint
-- A clock counts on the day it was decided: when it stopped, or when it breached while running.
CREATE FUNCTION report_note_sla_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_note_service_instants(coalesce(OLD.stopped_at, OLD.breached_at));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_note_service_instants(coalesce(NEW.stopped_at, NEW.breached_at));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_sla_clocks_service_report_changes AFTER INSERT OR DELETE OR UPDATE OF ticket_id, kind, stopped_at, breached_at, elapsed_minutes ON ticket_sla_clocks
  FOR EACH ROW EXECUTE FUNCTION report_note_sla_clock();
--> statement-breakpoint
-- Who may see a ticket follows its customer's owner, and a deleted customer's tickets count nowhere:
-- a change of either redoes every day the customer's tickets count on.
CREATE FUNCTION report_note_ticket_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.owner_id, OLD.deleted_at IS NULL) IS NOT DISTINCT FROM (NEW.owner_id, NEW.deleted_at IS NULL) THEN
    RETURN NULL;
  END IF;
  INSERT INTO report_service_changes (occurred_at)
  SELECT instant FROM tickets t CROSS JOIN LATERAL (VALUES (t.created_at), (t.solved_at), (t.rated_at)) AS v (instant)
  WHERE t.customer_id = NEW.id AND instant IS NOT NULL
  UNION
  SELECT coalesce(k.stopped_at, k.breached_at) FROM ticket_sla_clocks k JOIN tickets t ON t.id = k.ticket_id
  WHERE t.customer_id = NEW.id AND coalesce(k.stopped_at, k.breached_at) IS NOT NULL;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_service_report_changes AFTER UPDATE OF owner_id, deleted_at ON customers
  FOR EACH ROW EXECUTE FUNCTION report_note_ticket_customer();
