package dev.gallop.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gallop.task.Task;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Finished tasks are announced in batches: a JSON array of ids per notification, split so that no
 * payload reaches PostgreSQL's 8,000-byte limit, whatever characters the ids hold.
 */
class NotificationsIT extends IntegrationTest {
  record In(int i) {}

  /** 128-character ids made of what a payload format could trip on. */
  private static List<String> awkwardIds(int n) {
    // quotes, separators, a backslash, 2-, 3- and 4-byte characters, control characters (escaped
    // as 6 bytes each in JSON)
    int[] filler = "\"',[]\\ é€😀\n\u0001\u001f".codePoints().toArray();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder("id-" + i + "-");
      for (int k = i; b.codePointCount(0, b.length()) < 128; k++) {
        b.appendCodePoint(filler[k % filler.length]);
      }
      ids.add(b.toString());
    }
    return ids;
  }

  @Test
  void aLargeBatchArrivesWhole_inPayloadsUnderTheLimit() throws Exception {
    List<String> ids = awkwardIds(300);
    assertThat(announce(ids)).isGreaterThan(1).isLessThan(ids.size() / 10);
  }

  @Test
  void idsOfOnlyControlCharacters_theLongestOnceEscaped_stayUnderTheLimit() throws Exception {
    List<String> ids =
        IntStream.range(1, 32).mapToObj(i -> Character.toString(i).repeat(128)).toList();
    assertThat(announce(ids)).isGreaterThan(1);
  }

  /**
   * Announces {@code ids} (rows someone waits for) and one row nobody waits for in one transaction
   * (and an empty list, which sends nothing), checks that a listener receives each waited id
   * exactly as sent and nothing else, in payloads under 8,000 bytes, and returns how many
   * notifications carried them.
   */
  private int announce(List<String> ids) throws Exception {
    for (String id : ids) {
      insertTask(id, true);
    }
    insertTask("nobody-waits", false);
    List<String> sent = new ArrayList<>(ids);
    sent.add("nobody-waits");
    try (Connection listener = DriverManager.getConnection(url);
        Connection sender = DriverManager.getConnection(url)) {
      try (Statement st = listener.createStatement()) {
        st.execute("LISTEN " + Notifications.TASKS_DONE);
      }
      sender.setAutoCommit(false);
      try (Statement st = sender.createStatement()) {
        st.execute("set search_path = gallop");
      }
      Notifications.tasksDone(sender, sent);
      Notifications.tasksDone(sender, List.of());
      sender.commit();

      List<String> received = new ArrayList<>();
      int payloads = 0;
      PGConnection pg = listener.unwrap(PGConnection.class);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (received.size() < ids.size() && System.nanoTime() < deadline) {
        PGNotification[] ns = pg.getNotifications(1000);
        for (PGNotification n : ns == null ? new PGNotification[0] : ns) {
          assertThat(n.getName()).isEqualTo(Notifications.TASKS_DONE);
          assertThat(n.getParameter().getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
          received.addAll(Notifications.taskIds(n.getParameter()));
          payloads++;
        }
      }
      assertThat(received).containsExactlyInAnyOrderElementsOf(ids);
      return payloads;
    }
  }

  private void insertTask(String id, boolean waited) {
    sqlUpdate(
        """
        insert into gallop.gallop_tasks (id, task_name, queue_name, priority, inputs, status,
                                         enqueued_at, enqueue_sha, waited)
        values (?, 't', 'default', 100, '{}', 'COMPLETED', now(), 'x', ?)
        """,
        id,
        waited);
  }

  /**
   * A NOTIFY makes its transaction's commit wait for every other notifying transaction's, so a
   * completion nobody waits for is not announced; one that a {@code get()} waits for is.
   */
  @Test
  void onlyCompletionsSomeoneWaitsForAreAnnounced() throws Exception {
    Task<In, Integer> t =
        gallop.task("t", In.class, Integer.class).handler((in, ctx) -> TaskResult.ok(in.i()));
    try (Connection listener = DriverManager.getConnection(url)) {
      try (Statement st = listener.createStatement()) {
        st.execute("LISTEN " + Notifications.TASKS_DONE);
      }
      startWorker(fastWorker().build());
      TaskHandle<Integer> unwatched = t.send(new In(1));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              sqlString("select status from gallop.gallop_tasks where id = ?", unwatched.taskId())
                  .equals("COMPLETED"));
      TaskHandle<Integer> watched = t.send(new In(2));
      assertThat(watched.get(Duration.ofSeconds(30))).isEqualTo(TaskResult.ok(2));

      // notifications arrive in commit order: the watched task's comes after any for the first
      List<String> received = new ArrayList<>();
      PGConnection pg = listener.unwrap(PGConnection.class);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!received.contains(watched.taskId()) && System.nanoTime() < deadline) {
        PGNotification[] ns = pg.getNotifications(1000);
        for (PGNotification n : ns == null ? new PGNotification[0] : ns) {
          received.addAll(Notifications.taskIds(n.getParameter()));
        }
      }
      assertThat(received).contains(watched.taskId()).doesNotContain(unwatched.taskId());
      String waited = "select waited::text from gallop.gallop_tasks where id = ?";
      assertThat(sqlString(waited, unwatched.taskId())).isEqualTo("false");
      assertThat(sqlString(waited, watched.taskId())).isEqualTo("true");
    }
  }

  @Test
  void aPayloadThatIsNotAnArrayOfIdsIsRejectedByName() {
    assertThatThrownBy(() -> Notifications.taskIds("task-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task-1");
  }

  @Test
  void waitersOfABatchOfCompletionsWakeUpFromTheNotifications() throws Exception {
    Task<In, Integer> t =
        gallop.task("t", In.class, Integer.class).handler((in, ctx) -> TaskResult.ok(in.i()));
    List<TaskHandle<Integer>> handles =
        t.sendAll(IntStream.range(0, 200).mapToObj(In::new).toList());
    // every waiter finds its task PENDING (no worker yet) and then waits for a wake-up
    List<CompletableFuture<TaskResult<Integer>>> results =
        handles.stream().map(h -> h.getAsync(Duration.ofMinutes(1))).toList();
    startWorker(fastWorker().concurrency(50).build());
    // well under the waiters' 30-second re-check: only the notifications can wake them in time
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(results).allSatisfy(r -> assertThat(r.join().isOk()).isTrue());
  }
}
