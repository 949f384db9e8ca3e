-- Every installation starts with one default sales pipeline; admins rename or extend it.
WITH pipeline AS (
  INSERT INTO "pipelines" ("name", "is_default") VALUES ('Sales', true) RETURNING "id"
)
INSERT INTO "pipeline_stages" ("pipeline_id", "name", "position", "probability", "outcome")
SELECT pipeline."id", stage."name", stage."position", stage."probability", stage."outcome"::"stage_outcome"
FROM pipeline, (VALUES
  ('Qualification', 0, 10, 'open'),
  ('Needs analysis', 1, 25, 'open'),
  ('Proposal', 2, 50, 'open'),
  ('Negotiation', 3, 75, 'open'),
  ('Won', 4, 100, 'won'),
  ('Lost', 5, 0, 'lost')
) AS stage("name", "position", "probability", "outcome");
