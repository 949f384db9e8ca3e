-- The audit log is append-only. Two updates are let through, each changing only what it must:
-- sealing fills the hash-chain columns of a row not sealed yet (lib/audit/chain.ts), and a
-- personal-data erasure rewrites `changes` (and `updated_at`, which every update moves) inside a
-- transaction that has set crm.audit_erasure = 'on' for itself (lib/customers/privacy.ts).
-- Comparing the rows as jsonb covers every other column, also ones added later.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.seq IS NULL AND OLD.digest IS NULL AND OLD.hash IS NULL
      AND NEW.seq IS NOT NULL AND NEW.digest IS NOT NULL AND NEW.hash IS NOT NULL
      AND to_jsonb(NEW) - ARRAY['seq', 'digest', 'hash'] = to_jsonb(OLD) - ARRAY['seq', 'digest', 'hash'] THEN
      RETURN NEW;
    END IF;
    IF current_setting('crm.audit_erasure', true) = 'on'
      AND to_jsonb(NEW) - ARRAY['changes', 'updated_at'] = to_jsonb(OLD) - ARRAY['changes', 'updated_at'] THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
