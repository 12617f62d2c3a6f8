-- v5: a task's completion is notified only if someone waits for it.
-- NOTIFY holds a database-wide lock from the notifying transaction's pre-commit until after its
-- commit record is flushed, so notifying transactions commit one at a time: with every completion
-- batch notifying, the worker's commits could not share a flush. A waiter (TaskHandle.get) sets
-- this flag on the row before it reads the row's status; a completion notifies only the rows whose
-- flag it finds set (its update waits for the waiter's and sees the flag; a waiter that comes after
-- the completion reads the terminal status). Adding a column with a constant default rewrites
-- nothing.
alter table gallop_tasks add column waited boolean not null default false;
