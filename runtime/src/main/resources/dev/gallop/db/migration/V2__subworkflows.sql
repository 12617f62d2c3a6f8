-- Subworkflow nodes: the child's definition key and, once the child is terminal, its summary.
alter table gallop_workflow_nodes add column definition_key text;
alter table gallop_workflow_nodes add column sub_workflow_summary text;
