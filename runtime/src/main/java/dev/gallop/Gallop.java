package dev.gallop;

import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import dev.gallop.internal.engine.Engine;
import dev.gallop.internal.engine.EngineConfig;
import dev.gallop.internal.engine.TaskHandleImpl;
import dev.gallop.internal.monitor.MonitorImpl;
import dev.gallop.internal.worker.WorkerImpl;
import dev.gallop.monitor.Monitor;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.ErrorCode;
import dev.gallop.task.Task;
import dev.gallop.task.TaskBuilder;
import dev.gallop.task.TaskDescriptor;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskHandler;
import dev.gallop.task.TaskResult;
import dev.gallop.task.TypeRef;
import dev.gallop.task.UserCode;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.WorkflowHandle;
import dev.gallop.workflow.WorkflowSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: an engine bound to one PostgreSQL database. Register tasks, build and start
 * workflows, re-attach handles, and create workers from it.
 *
 * <pre>{@code
 * try (Gallop gallop = Gallop.builder().build()) {          // embedded PostgreSQL by default
 *   Task<Add, Integer> add = gallop.task("add", Add.class, Integer.class)
 *       .handler((in, ctx) -> TaskResult.ok(in.a() + in.b()));
 *   try (Worker w = gallop.worker(WorkerOptions.defaults()).start()) {
 *     Integer sum = add.send(new Add(1, 2)).get(Duration.ofSeconds(5)).unwrap();
 *   }
 * }
 * }</pre>
 *
 * <p>The database is chosen in this order: {@link Builder#dataSource}, {@link Builder#databaseUrl},
 * the environment variable {@code GALLOP_DATABASE_URL} (with {@code GALLOP_DATABASE_USER} and
 * {@code GALLOP_DATABASE_PASSWORD}), else an embedded PostgreSQL 17 with durable settings whose
 * data lives in {@code $GALLOP_HOME/pgdata} ({@code ~/.gallop/pgdata} by default). Migrations are
 * applied at startup. Thread-safe; close it to release the pool and stop an embedded database it
 * started.
 */
public final class Gallop implements AutoCloseable, dev.gallop.workflow.WorkflowFactory {
  private final Engine engine;

  private Gallop(Engine engine) {
    this.engine = engine;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts registering a task whose inputs are the components of record type {@code input}.
   *
   * @param name unique task name (GALLOP-301 if taken)
   * @param input the input record type
   * @param result the result type
   */
  public <I, T> TaskBuilder<I, T> task(String name, Class<I> input, Class<T> result) {
    return engine.taskBuilder(name, input, result);
  }

  /** As {@link #task(String, Class, Class)} for a generic result type. */
  public <I, T> TaskBuilder<I, T> task(String name, Class<I> input, TypeRef<T> result) {
    return engine.taskBuilder(name, input, result.type());
  }

  /**
   * Registers a declared task (typically a generated descriptor such as {@code OrdersTasks.CHARGE})
   * with its body, applying the descriptor's queue, retry policy and exception mapping. Generated
   * {@code register(gallop, impl)} methods call this.
   *
   * @throws dev.gallop.error.ConfigurationException as {@link TaskBuilder#handler}
   */
  public <I, T> Task<I, T> register(TaskDescriptor<I, T> descriptor, TaskHandler<I, T> handler) {
    return engine.register(descriptor, handler);
  }

  /**
   * The task a descriptor declares, for sending it and for building workflow nodes: the task
   * registered here under its name if there is one (a worker process), else a client-side task that
   * can be sent and put in workflows but has no body in this process (a process that only starts
   * work). Its options are checked as at registration.
   *
   * @throws IllegalArgumentException if a task of that name is registered with another input type
   * @throws dev.gallop.error.ConfigurationException on invalid options (e.g. an unknown queue)
   */
  @Override
  public <I, T> Task<I, T> task(TaskDescriptor<I, T> descriptor) {
    return engine.task(descriptor);
  }

  /**
   * Starts building a workflow spec. Without an output node its {@code get()} returns the map of
   * sink-node results by node id.
   */
  @Override
  public WorkflowSpec.Builder<Map<String, TaskResult<?>>> workflow(String name) {
    return engine.workflows().builder(name);
  }

  /**
   * Registers a reusable workflow definition, so that subworkflow nodes naming its key can start it
   * here. Register the same definitions in every process that starts or advances workflows.
   *
   * @throws dev.gallop.error.ConfigurationException GALLOP-016 (no key) or GALLOP-017 (key taken)
   */
  public <P, T> dev.gallop.workflow.WorkflowDefinition<P, T> register(
      dev.gallop.workflow.WorkflowDefinition<P, T> definition) {
    engine.workflows().register(definition);
    return definition;
  }

  /** The keys of the workflow definitions registered on this engine. */
  public java.util.Set<String> definitionKeys() {
    return engine.workflows().definitions().stream()
        .map(dev.gallop.workflow.WorkflowDefinition::definitionKey)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The names of the configured queues ({@code default} alone in DEFAULT queue mode). */
  public java.util.Set<String> queueNames() {
    return java.util.Set.copyOf(engine.config().queues().keySet());
  }

  /** Whether a task of this name is registered with a body on this engine. */
  public boolean isRegistered(String taskName) {
    return engine.registry().get(taskName) != null;
  }

  /**
   * Registers a definition and, recursively, every child it declares ({@code contains}) that is not
   * registered yet, so that this process can start and advance the whole tree (generated
   * definitions declare their children). A definition already registered as the same object is left
   * alone; another object under a registered key is GALLOP-017.
   *
   * @return the definition
   * @throws dev.gallop.error.ConfigurationException GALLOP-016 or GALLOP-017
   */
  public <P, T> dev.gallop.workflow.WorkflowDefinition<P, T> registerTree(
      dev.gallop.workflow.WorkflowDefinition<P, T> definition) {
    engine.workflows().registerTree(definition);
    return definition;
  }

  /**
   * Builds a spec from a definition with parameters, to start it as a top-level workflow.
   *
   * @throws dev.gallop.error.WorkflowValidationException if the built spec is invalid
   * @throws IllegalStateException if the build function fails or returns a spec it returned before
   */
  public <P, T> WorkflowSpec<T> workflow(
      dev.gallop.workflow.WorkflowDefinition<P, T> definition, @Nullable P parameters) {
    try {
      return engine.workflows().specOf(definition, parameters);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "building workflow definition '"
              + definition.definitionKey()
              + "' failed: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Builds every registered definition with its sample parameters and returns all problems found
   * (containment cycles, missing inputs, type mismatches, builds that throw); empty when all are
   * valid. Starts nothing and writes nothing.
   */
  public List<ValidationProblem> checkDefinitions() {
    return engine.workflows().checkDefinitions();
  }

  /** A handle to an existing workflow by id, with results converted to {@code outputType}. */
  public <T> WorkflowHandle<T> workflowHandle(String workflowId, Class<T> outputType) {
    return engine.workflows().handle(workflowId, outputType);
  }

  /** As {@link #workflowHandle(String, Class)} for a generic output type. */
  public <T> WorkflowHandle<T> workflowHandle(String workflowId, TypeRef<T> outputType) {
    return engine.workflows().handle(workflowId, outputType.type());
  }

  /** A handle to an existing workflow by id; values come in generic JSON form. */
  public WorkflowHandle<Object> workflowHandle(String workflowId) {
    return engine.workflows().handle(workflowId, null);
  }

  /** A handle to an existing task by id (standalone or a workflow node's task). */
  public <T> TaskHandle<T> taskHandle(String taskId, Class<T> resultType) {
    return new TaskHandleImpl<>(engine, taskId, resultType);
  }

  /** A handle to an existing task; values in generic JSON form. */
  public TaskHandle<Object> taskHandle(String taskId) {
    return new TaskHandleImpl<>(engine, taskId, null);
  }

  /**
   * Read-only monitoring views over the whole database (workflows, graphs, tasks, queues, workers),
   * as used by the command line and the dashboard.
   */
  public Monitor monitor() {
    return new MonitorImpl(engine);
  }

  /** Creates a worker (not started) sharing this engine's pool and registry. */
  public Worker worker(WorkerOptions options) {
    if (engine.isOffline()) {
      throw new IllegalStateException("an offline engine cannot run workers");
    }
    return new WorkerImpl(engine, options);
  }

  /** Masked description of the database in use (never shows a password). */
  public String databaseDescription() {
    return engine.description();
  }

  /** Internal engine; not part of the supported API. */
  public Engine engine() {
    return engine;
  }

  /**
   * Closes the pool and the LISTEN connection, and stops an embedded database this engine started.
   */
  @Override
  public void close() {
    engine.close();
  }

  /** Builder of a {@link Gallop} engine. Not thread-safe. */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable DataSource dataSource;
    private @Nullable Path embeddedDir;
    private int embeddedPort;
    private int poolSize = 10;
    private String schema = "gallop";
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final List<ValidationProblem> problems = new ArrayList<>();
    private @Nullable Integer clusterWideCap;
    private int payloadLimitBytes = 1024 * 1024;
    private final Map<Class<? extends Throwable>, ErrorCode> mappers = new LinkedHashMap<>();
    private boolean resendOnTransientError;
    private boolean useEnvironment = true;
    private boolean definitionRegistry = true;
    private boolean offline;
    private @Nullable MeterRegistry meterRegistry;

    private Builder() {}

    /** JDBC URL ({@code jdbc:postgresql://...}); default: GALLOP_DATABASE_URL, else embedded. */
    public Builder databaseUrl(String url) {
      this.url = url;
      return this;
    }

    public Builder databaseUser(String user) {
      this.user = user;
      return this;
    }

    public Builder databasePassword(String password) {
      this.password = password;
      return this;
    }

    /**
     * Uses an existing DataSource; one connection is borrowed for the engine's lifetime for LISTEN.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** Data directory of the embedded database; default {@code $GALLOP_HOME/pgdata}. */
    public Builder embeddedDataDirectory(Path dir) {
      this.embeddedDir = dir;
      return this;
    }

    /** Port of the embedded database; default 0 = any free port. */
    public Builder embeddedPort(int port) {
      this.embeddedPort = port;
      return this;
    }

    /**
     * For client-only processes (command-line tools, dashboards): subworkflow nodes made ready here
     * are left READY and the workers are woken to start their children, instead of failing for a
     * definition this process does not have. Default: this engine starts children itself.
     */
    public Builder withoutDefinitionRegistry() {
      this.definitionRegistry = false;
      return this;
    }

    /**
     * An engine without a database, for validation only (for example {@code checkDefinitions()} in
     * a CI job): specs can be built, but starting and sending fail and no worker can be created.
     */
    public Builder offline() {
      this.offline = true;
      return this;
    }

    /** Ignore GALLOP_DATABASE_URL and friends (tests). Default false. */
    public Builder ignoreEnvironment() {
      this.useEnvironment = false;
      return this;
    }

    /** Pooled connections for work (one more is used for LISTEN); default 10. */
    public Builder poolSize(int size) {
      if (size < 1) {
        problems.add(ValidationProblem.of(205, "poolSize must be >= 1, was " + size));
      }
      this.poolSize = size;
      return this;
    }

    /** Database schema of Gallop's tables; default {@code gallop}. */
    public Builder schema(String schema) {
      if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
        problems.add(
            ValidationProblem.of(
                203, "schema must match [a-z_][a-z0-9_]{0,62}, was '" + schema + "'"));
      } else {
        this.schema = schema;
      }
      return this;
    }

    /** Adds a queue; any queue switches the engine to CUSTOM queue mode. */
    public Builder queue(Queue queue) {
      String where = "queue '" + queue.name() + "'";
      if (queue.name() == null || !queue.name().matches("[A-Za-z0-9_.\\-]{1,63}")) {
        problems.add(
            ValidationProblem.at(
                200,
                where,
                "queue name must match [A-Za-z0-9_.-]{1,63}, was '" + queue.name() + "'"));
      }
      if (queue.priority() < 1 || queue.priority() > 100) {
        problems.add(
            ValidationProblem.at(200, where, "priority must be 1..100, was " + queue.priority()));
      }
      if (queue.maxConcurrency() != null && queue.maxConcurrency() < 1) {
        problems.add(
            ValidationProblem.at(
                200, where, "maxConcurrency must be >= 1, was " + queue.maxConcurrency()));
      }
      if (queues.putIfAbsent(queue.name(), queue) != null) {
        problems.add(
            ValidationProblem.at(200, where, "queue '" + queue.name() + "' is configured twice"));
      }
      return this;
    }

    /** Cap on CLAIMED plus RUNNING tasks over all queues, cluster-wide; at least 1. */
    public Builder clusterWideCap(int cap) {
      if (cap < 1) {
        problems.add(ValidationProblem.of(201, "clusterWideCap must be >= 1, was " + cap));
      }
      this.clusterWideCap = cap;
      return this;
    }

    /** Limit of one serialized value; default 1 MiB; 1 KiB .. 64 MiB. */
    public Builder payloadLimitBytes(int bytes) {
      if (bytes < 1024 || bytes > 64 * 1024 * 1024) {
        problems.add(
            ValidationProblem.of(205, "payloadLimitBytes must be 1024 .. 67108864, was " + bytes));
      }
      this.payloadLimitBytes = bytes;
      return this;
    }

    /** Engine-wide mapping of an exception class (exact) to a user code. */
    public Builder mapException(Class<? extends Throwable> type, String code) {
      if (BuiltInCode.isReserved(code)) {
        problems.add(
            ValidationProblem.of(
                212,
                "exception mapper for " + type.getName() + " uses reserved code '" + code + "'"));
      } else {
        try {
          mappers.put(type, new UserCode(code));
        } catch (IllegalArgumentException e) {
          problems.add(ValidationProblem.of(209, e.getMessage()));
        }
      }
      return this;
    }

    /**
     * Retry sends and starts up to 3 more times on transient failures (200 ms doubling). Default
     * off.
     */
    public Builder resendOnTransientError(boolean on) {
      this.resendOnTransientError = on;
      return this;
    }

    /**
     * Records the engine's metrics (tasks enqueued, started, completed and failed, durations, queue
     * wait, in-flight, workflow starts and completions, reaper recoveries, claim latency) in {@code
     * registry}; the names are listed in docs/operations.md. Default: no metrics.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * Validates, connects (starting the embedded database if needed) and migrates.
     *
     * @throws ConfigurationException naming every bad value, or GALLOP-211 if the database fails
     */
    public Gallop build() {
      List<ValidationProblem> p = new ArrayList<>(problems);
      String u = url;
      String usr = user;
      String pwd = password;
      if (u == null && dataSource == null && useEnvironment) {
        u = blankToNull(System.getenv("GALLOP_DATABASE_URL"));
        if (usr == null) {
          usr = blankToNull(System.getenv("GALLOP_DATABASE_USER"));
        }
        if (pwd == null) {
          pwd = blankToNull(System.getenv("GALLOP_DATABASE_PASSWORD"));
        }
      }
      if (u != null && !u.startsWith("jdbc:postgresql:")) {
        p.add(
            ValidationProblem.of(
                203,
                "database URL must start with jdbc:postgresql:, was '"
                    + dev.gallop.internal.db.Urls.mask(u)
                    + "'"));
      }
      if (!p.isEmpty()) {
        throw new ConfigurationException("Gallop configuration", p);
      }
      Map<String, Queue> qs = new LinkedHashMap<>(queues);
      boolean custom = !qs.isEmpty();
      if (!custom) {
        qs.put(Queue.DEFAULT, Queue.of(Queue.DEFAULT, 100));
      }
      Path dir = embeddedDir != null ? embeddedDir : EmbeddedServer.defaultDataDirectory();
      EngineConfig cfg =
          new EngineConfig(
              Map.copyOf(qs),
              custom,
              clusterWideCap,
              payloadLimitBytes,
              Map.copyOf(mappers),
              resendOnTransientError,
              schema,
              definitionRegistry,
              meterRegistry);
      return new Gallop(
          new Engine(
              cfg,
              new Engine.DatabaseSource(
                  offline, u, usr, pwd, dataSource, dir, embeddedPort, poolSize)));
    }

    private static @Nullable String blankToNull(@Nullable String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
