package dev.gallop.monitor;

import org.jspecify.annotations.Nullable;

/**
 * One queue's unfinished tasks.
 *
 * @param name queue name
 * @param priority its priority in this engine's configuration, or null if this engine does not
 *     configure it (it holds tasks sent by another configuration)
 * @param maxConcurrency its cluster-wide cap in this configuration, or null when uncapped or
 *     unknown
 * @param ready PENDING tasks claimable now
 * @param scheduled PENDING tasks waiting for a later time (retries, delayed sends)
 * @param claimed CLAIMED tasks (held by a worker, body not started)
 * @param running RUNNING tasks
 */
public record QueueStats(
    String name,
    @Nullable Integer priority,
    @Nullable Integer maxConcurrency,
    long ready,
    long scheduled,
    long claimed,
    long running) {}
