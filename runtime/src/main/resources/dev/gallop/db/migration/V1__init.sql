-- Gallop schema v1. Forward-only; applied by Flyway under its advisory lock.
-- Payload columns (inputs, results, errors) are text, not jsonb: the engine owns their format,
-- hashes canonical input text, and a row that holds unreadable text must surface as a clear
-- error code rather than be impossible to store.

create table gallop_workflows (
  id                  varchar(128) primary key,
  name                text        not null,
  definition_key      text,
  status              text        not null,
  on_error            text        not null,
  output_index        int,
  success_policy      text,
  required_union      int[],
  result              text,
  error               text,
  parent_workflow_id  varchar(128) references gallop_workflows (id) on delete cascade,
  parent_node_index   int,
  depth               int         not null default 0,
  root_workflow_id    varchar(128) not null,
  node_count          int         not null,
  terminal_count      int         not null default 0,
  failed_count        int         not null default 0,
  lowest_failed_index int,
  created_at          timestamptz not null default now(),
  started_at          timestamptz not null default now(),
  completed_at        timestamptz,
  updated_at          timestamptz not null default now()
);
create index gallop_workflows_status on gallop_workflows (status);
create index gallop_workflows_parent on gallop_workflows (parent_workflow_id);
create index gallop_workflows_root on gallop_workflows (root_workflow_id);

create table gallop_workflow_nodes (
  workflow_id       varchar(128) not null references gallop_workflows (id) on delete cascade,
  node_index        int          not null,
  node_id           varchar(128) not null,
  kind              text         not null,
  task_name         text         not null,
  static_inputs     text         not null,
  args_from         text         not null,
  ctx_from          int[]        not null,
  queue_name        text,
  priority          int,
  good_until        timestamptz,
  retry_policy      text,
  dependencies      int[]        not null,
  dependents        int[]        not null,
  is_sink           boolean      not null,
  join_type         text         not null,
  min_success       int,
  allow_failed_deps boolean      not null,
  deps_completed    int          not null default 0,
  deps_failed       int          not null default 0,
  deps_skipped      int          not null default 0,
  ctx_open          int          not null,
  status            text         not null,
  task_id           varchar(128),
  sub_workflow_id   varchar(128),
  result            text,
  started_at        timestamptz,
  completed_at      timestamptz,
  primary key (workflow_id, node_index),
  unique (workflow_id, node_id)
);
create index gallop_nodes_status on gallop_workflow_nodes (workflow_id, status);
create index gallop_nodes_task on gallop_workflow_nodes (task_id);
create index gallop_nodes_sub on gallop_workflow_nodes (sub_workflow_id);

create table gallop_tasks (
  id                   varchar(128) primary key,
  task_name            text        not null,
  queue_name           text        not null,
  priority             int         not null,
  inputs               text        not null,
  status               text        not null,
  sent_at              timestamptz not null default now(),
  enqueued_at          timestamptz not null,
  claimed_at           timestamptz,
  started_at           timestamptz,
  completed_at         timestamptz,
  result               text,
  error_code           text,
  failed_reason        text,
  claimed_by           text,
  claim_expires_at     timestamptz,
  claimer_heartbeat_at timestamptz,
  runner_heartbeat_at  timestamptz,
  good_until           timestamptz,
  retry_count          int         not null default 0,
  max_retries          int         not null default 0,
  retry_policy         text,
  enqueue_sha          char(64)    not null,
  workflow_id          varchar(128),
  node_index           int,
  updated_at           timestamptz not null default now()
);
create index gallop_tasks_claim on gallop_tasks (queue_name, priority, enqueued_at, id) where status = 'PENDING';
create index gallop_tasks_claimed on gallop_tasks (claim_expires_at) where status = 'CLAIMED';
create index gallop_tasks_active on gallop_tasks (queue_name) where status in ('CLAIMED', 'RUNNING');
create index gallop_tasks_owner on gallop_tasks (claimed_by) where status in ('CLAIMED', 'RUNNING');
create index gallop_tasks_good_until on gallop_tasks (good_until) where status = 'PENDING' and good_until is not null;
create index gallop_tasks_workflow on gallop_tasks (workflow_id) where workflow_id is not null;
create index gallop_tasks_error_code on gallop_tasks (error_code) where error_code is not null;
create index gallop_tasks_terminal on gallop_tasks (completed_at) where completed_at is not null;

create table gallop_task_attempts (
  task_id       varchar(128) not null references gallop_tasks (id) on delete cascade,
  attempt       int          not null,
  outcome       text         not null,
  will_retry    boolean      not null,
  started_at    timestamptz,
  finished_at   timestamptz  not null default now(),
  error_code    text,
  error_message text,
  worker_id     text,
  primary key (task_id, attempt)
);

create table gallop_workers (
  id            text primary key,
  host          text        not null,
  pid           bigint      not null,
  queues        text        not null,
  concurrency   int         not null,
  started_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  stopped_at    timestamptz
);
