-- Workers record their heartbeat interval so that monitors can tell a live worker from a silent one
-- (alive = not stopped and seen within three intervals); null for rows written before v3.
alter table gallop_workers add column heartbeat_ms int;
