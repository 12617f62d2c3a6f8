-- v4: cheaper status changes of workflow nodes and task rows.
-- A node changes status three or four times and its counters once per dependency; with no index on
-- a column those updates change, PostgreSQL can update the row in place (a HOT update: no new index
-- entries). The (workflow_id, status) index made every status change a full update of every index
-- of the table, and the planner chose it over the primary key for `node_index = any(...)` updates
-- whose statistics were stale (a 10,000-node workflow: 2.9 ms per batch instead of 0.1). Every query
-- that filtered on it also filters on workflow_id, the primary key's first column.
drop index if exists gallop_nodes_status;
-- Room on each page for the new versions of HOT-updated rows (applies to pages written from now on).
alter table gallop_workflow_nodes set (fillfactor = 70);
-- Every task row that starts inserted an entry in two partial indexes of active rows; one is enough.
-- A worker's own active rows (heartbeats) are found through gallop_tasks_active, which holds only
-- the CLAIMED and RUNNING rows (at most the workers' total concurrency, plus stale rows the reaper
-- is about to recover).
drop index if exists gallop_tasks_owner;
