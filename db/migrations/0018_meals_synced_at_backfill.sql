-- Meals stored before offline counters arrived reached the server when they were recorded: their
-- synced_at (added with the default now(), the migration's time) is their recorded_at.
UPDATE meal_records SET synced_at = recorded_at WHERE synced_at <> recorded_at;
