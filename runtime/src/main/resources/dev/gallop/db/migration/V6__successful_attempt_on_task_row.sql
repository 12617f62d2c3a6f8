-- v6: a task's successful attempt is recorded on its task row, not in a row of its own.
-- Every completion inserted an attempt row whose every value the task row already holds (attempt
-- retry_count + 1, outcome COMPLETED, no retry, started_at, finished at completed_at, worker
-- claimed_by): a second row, index entry and WAL record per task. Attempts that failed, and those
-- cut short by a worker's crash, keep their rows in gallop_task_attempts.
-- gallop_attempts lists every attempt: the stored rows, and one COMPLETED attempt per completed
-- task, read from the task row. A stored row with that attempt's number (the success rows written
-- before this version, or by a worker of an earlier version during a rolling upgrade) is left out,
-- as the completion's upsert used to overwrite it. Nothing is rewritten or deleted; the old rows go
-- with their tasks (retention).
create view gallop_attempts as
select a.task_id, a.attempt, a.outcome, a.will_retry, a.started_at, a.finished_at, a.error_code,
       a.error_message, a.worker_id
  from gallop_task_attempts a
 where not exists (select 1 from gallop_tasks t
                    where t.id = a.task_id and t.status = 'COMPLETED' and t.retry_count + 1 = a.attempt)
union all
select t.id, t.retry_count + 1, 'COMPLETED', false, t.started_at, t.completed_at, null, null, t.claimed_by
  from gallop_tasks t
 where t.status = 'COMPLETED';
