-- The buyers' owners and liveness as they are now; refreshes keep them current from here on.
UPDATE report_customers rc SET owner_id = c.owner_id, live = c.deleted_at IS NULL
FROM customers c WHERE c.id = rc.customer_id;
