-- Trigram matching for the customer search; the indexes that use it follow in the next migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
