package dev.gallop.internal.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gallop.error.TaskSendException;
import dev.gallop.internal.db.Db;
import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.internal.db.Migrations;
import dev.gallop.internal.db.Urls;
import dev.gallop.internal.workflow.WorkflowEngine;
import dev.gallop.task.Task;
import dev.gallop.task.TaskBuilder;
import dev.gallop.task.TaskDescriptor;
import dev.gallop.task.TaskHandler;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind a {@code Gallop} instance: configuration, connection pool, the one LISTEN
 * connection, waiters, task registry, sender and workflow engine. Thread-safe.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** Where the database comes from. */
  public record DatabaseSource(
      boolean offline,
      @Nullable String url,
      @Nullable String user,
      @Nullable String password,
      @Nullable DataSource dataSource,
      java.nio.file.@Nullable Path embeddedDir,
      int embeddedPort,
      int poolSize) {}

  private final Metrics metrics;
  private final EngineConfig config;
  private final @Nullable EmbeddedDatabase embedded;
  private final @Nullable HikariDataSource pool;
  private final @Nullable Db db;
  private final boolean offline;
  private final String description;
  private final Notifications notifications;
  private final ExecutorService async;
  private final ScheduledExecutorService timer;
  private final Waiters waiters;
  private final TaskRegistry registry = new TaskRegistry();
  private final TaskSender sender;
  private final WorkflowEngine workflows;
  private volatile boolean closed;

  public Engine(EngineConfig config, DatabaseSource source) {
    this.config = config;
    this.offline = source.offline();
    EmbeddedDatabase emb = null;
    DataSource ds = null;
    String url = source.url();
    try {
      if (offline) {
        this.pool = null;
        this.description = "no database (offline engine: validation only)";
      } else if (source.dataSource() != null) {
        this.pool = null;
        ds = source.dataSource();
        this.description = "a provided DataSource";
      } else {
        if (url == null) {
          emb = EmbeddedDatabase.start(source.embeddedDir(), source.embeddedPort(), true);
          url = emb.jdbcUrl("postgres");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (source.user() != null) {
          hc.setUsername(source.user());
        }
        if (source.password() != null) {
          hc.setPassword(source.password());
        }
        hc.setMaximumPoolSize(source.poolSize() + 1); // + the LISTEN connection
        hc.setMinimumIdle(Math.min(2, source.poolSize()));
        hc.setPoolName("gallop");
        hc.setSchema(config.schema());
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "gallop");
        this.pool = new HikariDataSource(hc);
        ds = pool;
        this.description =
            emb != null ? "embedded PostgreSQL on port " + emb.port() : Urls.mask(url);
      }
      this.embedded = emb;
      if (ds != null) {
        Migrations.migrate(ds, config.schema());
      }
    } catch (RuntimeException e) {
      if (emb != null) {
        emb.close();
      }
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new dev.gallop.error.ConfigurationException(
          "database",
          java.util.List.of(
              dev.gallop.error.ValidationProblem.of(
                  211,
                  "database initialization failed for "
                      + (url == null ? "the embedded database" : Urls.mask(url))
                      + ": "
                      + Urls.mask(msg))));
    }
    this.db = ds == null ? null : new Db(ds);
    this.async =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gallop-async-", 0).factory());
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("gallop-timer").factory());
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.notifications = new Notifications(ds);
    // notifications wake waiters; the re-check is a safety net (30 s while LISTEN is up, 1 s not)
    this.waiters =
        new Waiters(
            async, timer, Duration.ofSeconds(30), Duration.ofSeconds(1), notifications::connected);
    notifications.subscribe(
        Notifications.TASKS_DONE,
        ids -> Notifications.taskIds(ids).forEach(id -> waiters.wake("t:" + id)));
    notifications.subscribe(Notifications.WORKFLOW_DONE, id -> waiters.wake("w:" + id));
    notifications.onReconnect(waiters::wakeAll);
    if (ds != null) {
      notifications.start();
    }
    this.metrics = new Metrics(config.meterRegistry());
    this.sender = new TaskSender(this);
    this.workflows = new WorkflowEngine(this);
    log.info("Gallop engine ready on {} (schema {})", description, config.schema());
  }

  public EngineConfig config() {
    return config;
  }

  /** The database. @throws IllegalStateException on an offline engine */
  public Metrics metrics() {
    return metrics;
  }

  public Db db() {
    if (db == null) {
      throw new IllegalStateException(
          "this Gallop engine is offline (built for validation): it has no database");
    }
    return db;
  }

  /** True for an engine built without a database, for validation only. */
  public boolean isOffline() {
    return offline;
  }

  public Notifications notifications() {
    return notifications;
  }

  public Waiters waiters() {
    return waiters;
  }

  public TaskRegistry registry() {
    return registry;
  }

  public TaskSender sender() {
    return sender;
  }

  public WorkflowEngine workflows() {
    return workflows;
  }

  public ScheduledExecutorService timer() {
    return timer;
  }

  /** Masked description of the database in use. */
  public String description() {
    return description;
  }

  public boolean isClosed() {
    return closed;
  }

  public <I, T> TaskBuilder<I, T> taskBuilder(String name, Class<I> input, @Nullable Type result) {
    return new TaskBuilderImpl<>(this, name, input, result);
  }

  /** Registers a declared task with its body (see {@code Gallop.register}). */
  public <I, T> Task<I, T> register(TaskDescriptor<I, T> d, TaskHandler<I, T> handler) {
    return configured(d).handler(handler);
  }

  /**
   * The registered task of that name, or the declared task for sending (see {@code Gallop.task}).
   */
  @SuppressWarnings("unchecked")
  public <I, T> Task<I, T> task(TaskDescriptor<I, T> d) {
    RegisteredTask<?, ?> registered = registry.get(d.name());
    if (registered == null) {
      return configured(d).declare();
    }
    if (registered.inputType() != d.inputType()) {
      throw new IllegalArgumentException(
          "task '"
              + d.name()
              + "' is registered with input "
              + registered.inputType().getName()
              + ", not "
              + d.inputType().getName());
    }
    return (Task<I, T>) registered;
  }

  private <I, T> TaskBuilderImpl<I, T> configured(TaskDescriptor<I, T> d) {
    TaskBuilderImpl<I, T> b = new TaskBuilderImpl<>(this, d.name(), d.inputType(), d.resultType());
    if (d.queue() != null) {
      b.queue(d.queue());
    }
    if (d.retryPolicy() != null) {
      b.retryPolicy(d.retryPolicy());
    }
    d.exceptionCodes().forEach(b::mapException);
    if (d.defaultErrorCode() != null) {
      b.defaultErrorCode(d.defaultErrorCode());
    }
    return b;
  }

  void ensureOpenForSend(String taskId) {
    if (closed || offline) {
      throw new TaskSendException(
          TaskSendException.Code.ENQUEUE_FAILED,
          closed ? "the engine is closed" : "the engine is offline (no database)",
          false,
          taskId,
          null);
    }
  }

  /**
   * Runs a blocking call on a virtual thread; the future completes with its exception unwrapped.
   */
  public <R> CompletableFuture<R> async(Supplier<R> call) {
    CompletableFuture<R> f = new CompletableFuture<>();
    async.execute(() -> {
      try {
        f.complete(call.get());
      } catch (Throwable t) {
        f.completeExceptionally(
            t instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : t);
      }
    });
    return f;
  }

  public ExecutorService executor() {
    return async;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    waiters.failAll("the Gallop engine was closed while waiting");
    if (db != null) {
      notifications.close();
    }
    timer.shutdownNow();
    async.shutdown();
    if (pool != null) {
      pool.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
