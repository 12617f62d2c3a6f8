package dev.gallop.internal.worker;

import dev.gallop.Queue;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.Notifications;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker runtime. Threads: one claim loop ({@code gallop-worker-claim}), one virtual thread per
 * claimed task ({@code gallop-task-N}, at most {@code concurrency} bodies at once through a
 * semaphore), and one scheduler ({@code gallop-worker-jobs}) for heartbeats, recovery and
 * retention. See docs/concurrency.md.
 */
public final class WorkerImpl implements Worker {
  private static final Logger log = LoggerFactory.getLogger(WorkerImpl.class);

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    TERMINATED
  }

  private final Engine engine;
  private final WorkerOptions options;
  private final String workerId;
  private final List<Queue> queues;
  private final Claimer claimer;

  /**
   * Whether claims also start their rows: only when the worker never claims more than its free
   * slots (no prefetch), so that a claimed body starts at once.
   */
  private final boolean claimsStart;

  private final Heartbeats heartbeats;
  private final Reaper reaper;
  private final Retention retention;
  private final StandaloneBatches batches;
  private final WorkflowBatches workflowBatches;
  private final Semaphore slots;
  private final Set<String> handOffQueues;
  private final AtomicInteger held = new AtomicInteger();
  private final Map<String, TaskExecution> active = new ConcurrentHashMap<>();
  private final ExecutorService bodies;
  private final ScheduledExecutorService jobs;
  private final Object signal = new Object();
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Consumer<String> onTaskNew;
  private final Consumer<String> onCancel;
  private final Consumer<String> onWorkflowReady;
  private boolean woken;

  /**
   * Whether the claim loop's last pass stopped for want of a free slot rather than of claimable
   * work: only then does a freed slot wake it. Set before the pass reads {@link #held}, so a slot
   * freed meanwhile either shows in that read or sees the flag (both are sequentially consistent).
   * New and retried work wakes the loop by notification, whatever this says.
   */
  private volatile boolean starved = true;

  private volatile Thread claimThread;

  public WorkerImpl(Engine engine, WorkerOptions options) {
    this.engine = engine;
    this.options = options;
    this.workerId = options.workerId() != null ? options.workerId() : defaultId();
    this.queues =
        engine.config().queuesByPriority().stream()
            .filter(q -> options.queues().isEmpty() || options.queues().contains(q.name()))
            .toList();
    this.handOffQueues =
        queues.stream()
            .map(Queue::name)
            .filter(q -> !engine.config().capped(q))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    for (String q : options.queues()) {
      if (!engine.config().queues().containsKey(q)) {
        throw dev.gallop.error.ConfigurationException.of(
            205,
            "worker queue '"
                + q
                + "' is not configured; configured: "
                + engine.config().queues().keySet());
      }
    }
    this.claimsStart = options.effectiveClaimCap() <= options.concurrency();
    this.claimer =
        new Claimer(
            engine.db(), engine.config(), workerId, options.claimLease().toMillis(), claimsStart);
    this.heartbeats =
        new Heartbeats(
            engine.db(),
            this,
            options.claimLease().toMillis(),
            options.maxClaimRenewAge().toMillis());
    this.reaper =
        new Reaper(engine, options.claimedStaleThreshold(), options.runningStaleThreshold());
    this.retention = new Retention(engine.db(), options.retentionTerminal());
    this.batches = new StandaloneBatches(engine, workerId);
    this.workflowBatches = new WorkflowBatches(engine, this);
    this.slots = new Semaphore(options.concurrency());
    this.bodies =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gallop-task-", 0).factory());
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("gallop-worker-jobs").factory());
    s.setRemoveOnCancelPolicy(true);
    this.jobs = s;
    this.onTaskNew =
        q -> {
          if (queues.stream().anyMatch(x -> x.name().equals(q))) {
            wake();
          }
        };
    this.onWorkflowReady =
        wf ->
            jobs.execute(() -> {
              try {
                reaper.runOnce();
              } catch (Throwable t) {
                log.warn(
                    "worker {}: reconciliation after a workflow-ready notification failed: {}",
                    workerId,
                    t.toString());
              }
            });
    this.onCancel =
        wf ->
            active.values().stream()
                .filter(e -> wf.equals(e.task().workflowId()))
                .forEach(TaskExecution::requestCancel);
  }

  private static String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "localhost";
    }
    return host
        + ":"
        + ProcessHandle.current().pid()
        + ":"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public String workerId() {
    return workerId;
  }

  /** The options this worker runs with. */
  public WorkerOptions options() {
    return options;
  }

  @Override
  public Worker start() {
    if (!state.compareAndSet(State.NEW, State.RUNNING)) {
      throw new IllegalStateException("worker " + workerId + " was already started");
    }
    try {
      engine
          .db()
          .read(c ->
              Sql.update(
                  c,
                  """
                  insert into gallop_workers (id, host, pid, queues, concurrency, heartbeat_ms)
                  values (?, ?, ?, ?, ?, ?)
                  on conflict (id) do update set last_seen_at = now(), stopped_at = null
                  """,
                  workerId,
                  workerId.split(":")[0],
                  ProcessHandle.current().pid(),
                  String.join(",", queues.stream().map(Queue::name).toList()),
                  options.concurrency(),
                  (int) options.runnerHeartbeatInterval().toMillis()));
    } catch (SQLException e) {
      log.warn("registering worker {} failed: {}", workerId, e.getMessage());
    }
    engine.notifications().subscribe(Notifications.TASK_NEW, onTaskNew);
    engine.notifications().subscribe(Notifications.WORKFLOW_CANCEL, onCancel);
    engine.notifications().subscribe(Notifications.WORKFLOW_READY, onWorkflowReady);
    schedule("claimer heartbeat", options.claimerHeartbeatInterval(), heartbeats::claimers);
    schedule("runner heartbeat", options.runnerHeartbeatInterval(), heartbeats::runners);
    schedule(
        "recovery",
        options.recoveryCheckInterval(),
        () -> {
          Reaper.Counts n = reaper.runOnce();
          engine.metrics().recovered("stale_claim", n.staleClaims());
          engine.metrics().recovered("stale_running", n.staleRunning());
          engine.metrics().recovered("expired", n.expired());
          return n;
        });
    schedule("retention", Duration.ofHours(1), retention::runOnce);
    claimThread = Thread.ofPlatform().name("gallop-worker-claim").start(this::claimLoop);
    log.info(
        "worker {} started: concurrency {}, queues {}",
        workerId,
        options.concurrency(),
        queues.stream().map(Queue::name).toList());
    return this;
  }

  private interface Job {
    Object run() throws Exception;
  }

  private void schedule(String name, Duration every, Job job) {
    long ms = every.toMillis();
    jobs.scheduleWithFixedDelay(
        () -> {
          if (state.get() != State.RUNNING) {
            return;
          }
          try {
            job.run();
          } catch (Throwable t) {
            log.warn(
                "worker {}: {} failed; will run again in {} ms: {}",
                workerId,
                name,
                ms,
                t.toString());
          }
        },
        initialDelay(name, ms),
        ms,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Recovery runs at once when a worker starts (it may replace a crashed one); retention soon
   * after.
   */
  private static long initialDelay(String job, long every) {
    return switch (job) {
      case "recovery" -> 0;
      case "retention" -> Math.min(every, 60_000);
      default -> every;
    };
  }

  /** Runs one recovery pass now (also used by tests and the CLI). */
  public int recoverNow() throws SQLException {
    return reaper.runOnce().total();
  }

  /** Runs retention now. */
  public int retentionNow() throws SQLException {
    return retention.runOnce();
  }

  /** Batched starts and finalizes of this worker's standalone tasks. */
  WorkflowBatches workflowBatches() {
    return workflowBatches;
  }

  StandaloneBatches batches() {
    return batches;
  }

  /**
   * Reserves claim budget for a finalize's local hand-off: the finishing task's own slot (free once
   * it returns) plus whatever the budget has left, at most {@code maxClaimBatch}. Null when nothing
   * can be taken (no budget, stopping, or only capped queues).
   */
  @Nullable LocalHandOff reserveHandOff() {
    if (handOffQueues.isEmpty() || state.get() != State.RUNNING) {
      return null;
    }
    int cap = options.effectiveClaimCap();
    while (true) {
      int h = held.get();
      int k = Math.min(options.maxClaimBatch(), cap - h + 1);
      if (k <= 0) {
        return null;
      }
      if (held.compareAndSet(h, h + k)) {
        return new LocalHandOff(
            this, handOffQueues, options.claimLease().toMillis(), k, claimsStart);
      }
    }
  }

  /** A finalize transaction's body, given the hand-off it may claim dependents with (or null). */
  @FunctionalInterface
  interface HandOffTx {
    void run(Connection c, @Nullable LocalHandOff handOff) throws SQLException;
  }

  /**
   * Runs a finalize transaction (retried on transient failures), with a local hand-off reserved
   * before it when {@code handOff} is asked for and budget is free, settled after it: what the
   * transaction claimed is dispatched once it committed, and handed back if it failed.
   */
  void inHandOffTransaction(boolean handOff, HandOffTx body) throws SQLException {
    LocalHandOff h = handOff ? reserveHandOff() : null;
    try {
      engine
          .db()
          .txRetrying(
              5,
              c -> {
                if (h != null) {
                  h.reset();
                }
                body.run(c, h);
                return null;
              });
    } catch (SQLException | RuntimeException e) {
      if (h != null) {
        h.reset();
        settleHandOff(h);
      }
      throw e;
    }
    if (h != null) {
      settleHandOff(h);
    }
  }

  /** Returns a hand-off's reservation and dispatches what its committed transaction claimed. */
  void settleHandOff(LocalHandOff h) {
    held.addAndGet(-h.reserved());
    for (ClaimedTask t : h.claimed()) {
      try {
        dispatch(t);
      } catch (RejectedExecutionException e) {
        new TaskExecution(engine, this, t).handBack(); // stopped meanwhile: the claim goes back
      }
    }
    slotFreed();
  }

  /** Wakes the claim loop if it waits for a free slot (see {@link #starved}). */
  private void slotFreed() {
    if (starved) {
      wake();
    }
  }

  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  void signalCancelTask(String taskId) {
    TaskExecution e = active.get(taskId);
    if (e != null) {
      e.requestCancel();
    }
  }

  private void claimLoop() {
    long backoff = 500;
    int cap = options.effectiveClaimCap();
    List<String> names = queues.stream().map(Queue::name).toList();
    while (state.get() == State.RUNNING) {
      try {
        boolean progress = false;
        boolean full = false;
        starved = true;
        for (Queue q : queues) {
          int budget;
          while ((budget = cap - held.get()) > 0 && state.get() == State.RUNNING) {
            int n = Math.min(budget, options.maxClaimBatch());
            long claimStart = System.nanoTime();
            List<ClaimedTask> got = claimer.claim(q, n);
            engine.metrics().claimed(q.name(), System.nanoTime() - claimStart);
            for (int i = 0; i < got.size(); i++) {
              try {
                dispatch(got.get(i));
              } catch (RejectedExecutionException e) { // stopped meanwhile: the rest goes back
                got.subList(i, got.size())
                    .forEach(t -> new TaskExecution(engine, this, t).handBack());
                throw e;
              }
            }
            progress |= !got.isEmpty();
            if (got.size() < n) {
              break;
            }
          }
          full |= budget <= 0;
        }
        starved = full; // false: every queue ran out of claimable work before the slots did
        backoff = 500;
        if (progress && cap - held.get() > 0) {
          continue;
        }
        long waitMs = options.notifyPollInterval().toMillis();
        if (cap - held.get() > 0) {
          Optional<Long> due = claimer.millisUntilNextDue(names);
          if (due.isPresent()) {
            waitMs = Math.max(1, Math.min(waitMs, due.get() + 5));
          }
        }
        await(waitMs);
      } catch (Throwable t) {
        if (state.get() != State.RUNNING) {
          break;
        }
        log.warn(
            "worker {}: claim pass failed ({}); backing off {} ms",
            workerId,
            t.toString(),
            backoff);
        await(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private void await(long ms) {
    synchronized (signal) {
      long end = System.currentTimeMillis() + ms;
      while (!woken && state.get() == State.RUNNING) {
        long left = end - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        try {
          signal.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      woken = false;
    }
  }

  private void dispatch(ClaimedTask t) {
    held.incrementAndGet();
    TaskExecution e = new TaskExecution(engine, this, t);
    active.put(t.id(), e);
    try {
      bodies.execute(() -> run(e));
    } catch (RejectedExecutionException ex) {
      active.remove(t.id());
      held.decrementAndGet();
      throw ex;
    }
  }

  private void run(TaskExecution e) {
    boolean acquired = false;
    try {
      slots.acquire();
      acquired = true;
      if (state.get() != State.RUNNING) {
        e.handBack();
        return;
      }
      TaskExecution.Start s;
      try {
        s = e.start();
      } catch (SQLException ex) {
        log.warn(
            "start of task {} failed ({}); its lease will expire and it will be claimed again",
            e.task().id(),
            ex.getMessage());
        return;
      }
      if (s != TaskExecution.Start.STARTED) {
        return;
      }
      ClaimedTask t = e.task();
      Instant started = e.startedAt();
      engine
          .metrics()
          .started(
              t.queue(),
              t.taskName(),
              Duration.between(t.enqueuedAt(), started == null ? t.enqueuedAt() : started));
      long bodyStart = System.nanoTime();
      TaskResult<?> result = e.runBody();
      engine
          .metrics()
          .finished(t.queue(), t.taskName(), result.isOk(), System.nanoTime() - bodyStart);
      e.finalizeResult(
          result,
          System.nanoTime() + options.shutdownDrain().toNanos() + TimeUnit.MINUTES.toNanos(1));
    } catch (InterruptedException ie) {
      e.handBack();
    } catch (Throwable t) {
      log.error("worker {}: unexpected failure running task {}", workerId, e.task().id(), t);
    } finally {
      if (acquired) {
        slots.release();
      }
      active.remove(e.task().id());
      held.decrementAndGet();
      slotFreed();
    }
  }

  @Override
  public void shutdown() {
    if (state.compareAndSet(State.NEW, State.TERMINATED)) {
      terminated.countDown();
      return;
    }
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return;
    }
    engine.notifications().unsubscribe(Notifications.TASK_NEW, onTaskNew);
    engine.notifications().unsubscribe(Notifications.WORKFLOW_CANCEL, onCancel);
    engine.notifications().unsubscribe(Notifications.WORKFLOW_READY, onWorkflowReady);
    wake();
    Thread.ofPlatform().name("gallop-worker-shutdown").start(this::drain);
  }

  private void drain() {
    try {
      Thread ct = claimThread;
      if (ct != null) {
        ct.join(10_000);
      }
      bodies.shutdown();
      if (!bodies.awaitTermination(options.shutdownDrain().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "worker {}: {} task bodies still running after the {} drain; their leases will expire",
            workerId,
            active.size(),
            options.shutdownDrain());
      }
      jobs.shutdownNow();
      try {
        engine
            .db()
            .read(c ->
                Sql.update(
                    c, "update gallop_workers set stopped_at = now() where id = ?", workerId));
      } catch (SQLException e) {
        log.debug("marking worker stopped failed", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      state.set(State.TERMINATED);
      terminated.countDown();
      log.info("worker {} stopped", workerId);
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /** Claims held now (claimed or running), for tests. */
  public int heldClaims() {
    return held.get();
  }

  @Override
  public void close() {
    shutdown();
    try {
      awaitTermination(options.shutdownDrain().plusSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
