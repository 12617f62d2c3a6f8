package dev.gallop.internal.monitor;

import dev.gallop.internal.engine.TaskRows;
import dev.gallop.internal.workflow.WorkflowRows;

/** The monitoring queries. A null filter parameter switches its condition off. */
final class MonitorSql {
  private MonitorSql() {}

  static final String WORKFLOWS =
      "with p as (select ?::text[] as statuses, ?::text as name_part, ?::timestamptz as after_t,"
          + " ?::timestamptz as before_t, ?::boolean as top_only) select "
          + WorkflowRows.INFO_COLUMNS
          + """
           from gallop_workflows, p
           where (p.statuses is null or status = any(p.statuses))
             and (p.name_part is null or strpos(lower(name), lower(p.name_part)) > 0)
             and (p.after_t is null or created_at >= p.after_t)
             and (p.before_t is null or created_at < p.before_t)
             and (not p.top_only or parent_workflow_id is null)
           order by created_at desc, id
           limit ?
          """;

  static final String WORKFLOW =
      "select " + WorkflowRows.INFO_COLUMNS + " from gallop_workflows where id = ?";

  static final String GRAPH =
      """
      select n.node_index, n.node_id, n.task_name, n.kind, n.status, n.dependencies, n.join_type, n.min_success,
             n.allow_failed_deps, n.queue_name, n.task_id, n.sub_workflow_id, c.status as sub_status,
             n.started_at, n.completed_at
        from gallop_workflow_nodes n left join gallop_workflows c on c.id = n.sub_workflow_id
       where n.workflow_id = ? order by n.node_index
      """;

  static final String NODE =
      "select "
          + WorkflowRows.NODE_COLUMNS
          + " from "
          + WorkflowRows.NODE_FROM
          + " where n.workflow_id = ? and n.node_index = ?";

  static final String TASK_IDS =
      """
      with p as (select ?::text[] as statuses, ?::text as task_name, ?::text as queue_name, ?::text as workflow_id)
      select t.id from gallop_tasks t, p
       where (p.statuses is null or t.status = any(p.statuses))
         and (p.task_name is null or t.task_name = p.task_name)
         and (p.queue_name is null or t.queue_name = p.queue_name)
         and (p.workflow_id is null or t.workflow_id = p.workflow_id)
       order by t.sent_at desc, t.id
       limit ?
      """;

  static final String TASKS =
      "select " + TaskRows.INFO_COLUMNS + " from gallop_tasks where id = any(?::text[])";

  static final String ATTEMPTS =
      "select "
          + TaskRows.ATTEMPT_COLUMNS
          + " from gallop_attempts where task_id = any(?::text[]) order by task_id, attempt";

  static final String QUEUES =
      """
      select queue_name,
             count(*) filter (where status = 'PENDING' and enqueued_at <= now()) as ready,
             count(*) filter (where status = 'PENDING' and enqueued_at > now()) as scheduled,
             count(*) filter (where status = 'CLAIMED') as claimed,
             count(*) filter (where status = 'RUNNING') as running
        from gallop_tasks where status in ('PENDING', 'CLAIMED', 'RUNNING')
       group by queue_name
      """;

  static final String WORKERS =
      """
      select w.id, w.host, w.pid, w.queues, w.concurrency, w.started_at, w.last_seen_at, w.stopped_at,
             (w.stopped_at is null
              and w.last_seen_at > now() - 3 * coalesce(w.heartbeat_ms, 30000) * interval '1 millisecond') as alive,
             (select count(*) from gallop_tasks t
               where t.claimed_by = w.id and t.status in ('CLAIMED', 'RUNNING')) as in_flight
        from gallop_workers w
       order by w.started_at desc, w.id
      """;
}
