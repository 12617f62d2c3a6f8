/**
 * Read-only monitoring views (workflows, graphs, tasks, queues, workers) for operators' tools: the
 * published API the command line and the dashboard are built on.
 */
package dev.gallop.monitor;
