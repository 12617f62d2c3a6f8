package dev.gallop.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gallop.internal.db.Sql;
import dev.gallop.internal.json.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one LISTEN connection of an engine. Notifications are wake-up hints only: receivers always
 * re-read the database. The connection is borrowed from the pool for the engine's lifetime and
 * never carries other work. On any error it reconnects with backoff, re-LISTENs, and runs the
 * reconnect callbacks (which wake every waiter to re-check, since notifications may have been
 * missed meanwhile).
 */
public final class Notifications implements AutoCloseable {
  public static final String TASK_NEW = "gallop_task_new";

  /**
   * Task rows that reached a final status, for their waiters. The payload is a JSON array of task
   * ids (any character may occur in an id), so that a batch of completions is announced in a few
   * notifications rather than one per row; see {@link #tasksDone(String)}.
   */
  public static final String TASKS_DONE = "gallop_tasks_done";

  public static final String WORKFLOW_DONE = "gallop_workflow_done";
  public static final String WORKFLOW_CANCEL = "gallop_workflow_cancel";
  public static final String WORKFLOW_READY = "gallop_workflow_ready";
  private static final List<String> CHANNELS =
      List.of(TASK_NEW, TASKS_DONE, WORKFLOW_DONE, WORKFLOW_CANCEL, WORKFLOW_READY);
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  /**
   * Bytes of ids per {@link #TASKS_DONE} payload before the next id starts a new one: PostgreSQL
   * takes payloads shorter than 8,000 bytes, and one id adds at most 772 (128 characters of at most
   * 6 bytes once escaped, as a control character is, quotes and a separator).
   */
  private static final int PAYLOAD_BUDGET = 7_000;

  private static final String NOTIFY_DONE =
      "select count(*) from ("
          + tasksDone("(select id, waited from gallop_tasks where id = any(?::text[])) r")
          + ") n";

  private final DataSource dataSource;
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<Consumer<String>>> handlers =
      new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile Connection connection;

  /**
   * A query that notifies {@link #TASKS_DONE} of every {@code id} of {@code relation} whose {@code
   * waited} is true (a table expression with a text column {@code id} and a boolean {@code waited},
   * such as the name of a CTE returning them from the update that made the rows terminal), in
   * payloads of at most {@link #PAYLOAD_BUDGET} bytes of ids; it returns one row per notification.
   * Nothing waited for, nothing notified: a NOTIFY makes its transaction's commit wait for every
   * other notifying transaction's (PostgreSQL holds a database-wide lock from the pre-commit until
   * the commit record is flushed), so completions nobody waits for must not take it.
   *
   * <p>{@code waited} must come from the row version the caller's update wrote, or from a later
   * statement of its transaction, never from a snapshot older than that update: a waiter sets the
   * flag before it reads the status, and the update, waiting for the waiter's row lock, sees it.
   */
  public static String tasksDone(String relation) {
    return "select pg_notify('"
        + TASKS_DONE
        + "', json_agg(id order by id)::text) from (select id, sum(octet_length(to_json(id)::text) + 2)"
        + " over (order by id) / "
        + PAYLOAD_BUDGET
        + " as payload from "
        + relation
        + " where waited) ids group by payload";
  }

  /**
   * Notifies {@link #TASKS_DONE} of those of {@code taskIds} that someone waits for, with the
   * transaction of {@code c}; call it after the statement that made them terminal.
   */
  public static void tasksDone(Connection c, Collection<String> taskIds) throws SQLException {
    if (!taskIds.isEmpty()) {
      Sql.query(c, NOTIFY_DONE, rs -> null, (Object) taskIds.toArray(String[]::new));
    }
  }

  /** The task ids of a {@link #TASKS_DONE} payload. */
  public static List<String> taskIds(String payload) {
    try {
      return List.of(Json.mapper().readValue(payload, String[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON array of task ids: " + payload, e);
    }
  }

  public Notifications(DataSource dataSource) {
    this.dataSource = dataSource;
    this.thread = Thread.ofPlatform().daemon().name("gallop-listen").unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  /** Adds a handler for a channel; it runs on the listener thread and must be quick. */
  public void subscribe(String channel, Consumer<String> handler) {
    handlers.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(handler);
  }

  public void unsubscribe(String channel, Consumer<String> handler) {
    List<Consumer<String>> l = handlers.get(channel);
    if (l != null) {
      l.remove(handler);
    }
  }

  /** Runs after every (re)connect. */
  public void onReconnect(Runnable r) {
    reconnectHandlers.add(r);
  }

  public boolean connected() {
    return connected;
  }

  private void loop() {
    Duration backoff = Duration.ofMillis(100);
    boolean first = true;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          for (String ch : CHANNELS) {
            st.execute("LISTEN " + ch);
          }
        }
        connected = true;
        backoff = Duration.ofMillis(100);
        if (!first) {
          log.info("LISTEN connection re-established");
        }
        first = false;
        reconnectHandlers.forEach(Notifications::safeRun);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] ns = pg.getNotifications(1000);
          if (ns == null) {
            continue;
          }
          for (PGNotification n : ns) {
            dispatch(n.getName(), n.getParameter());
          }
        }
      } catch (SQLException | RuntimeException e) {
        connected = false;
        if (!running) {
          break;
        }
        log.warn(
            "LISTEN connection failed ({}); reconnecting in {} ms",
            e.getMessage(),
            backoff.toMillis());
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                ? Duration.ofSeconds(5)
                : backoff.multipliedBy(2);
        backoff = backoff.plusMillis(ThreadLocalRandom.current().nextInt(50));
      } catch (Throwable t) {
        connected = false;
        log.error("LISTEN loop error; continuing", t);
        sleep(Duration.ofSeconds(1));
      }
    }
    connected = false;
  }

  private void dispatch(String channel, String payload) {
    List<Consumer<String>> l = handlers.get(channel);
    if (l == null) {
      return;
    }
    for (Consumer<String> h : l) {
      try {
        h.accept(payload);
      } catch (RuntimeException e) {
        log.warn("notification handler failed for {} {}", channel, payload, e);
      }
    }
  }

  private static void safeRun(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("reconnect handler failed", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    Connection c = connection;
    thread.interrupt();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive() && c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
