package dev.gallop.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gallop.Gallop;
import dev.gallop.error.TaskSendException;
import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.task.SendOptions;
import dev.gallop.task.Task;
import dev.gallop.task.TaskHandle;
import dev.gallop.task.TaskResult;
import dev.gallop.testing.IntegrationTest;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away for several seconds and comes back on the same port: sends fail with a
 * retryable error meanwhile; the worker, a waiting get() and the LISTEN connection carry on.
 */
class DatabaseOutageIT {
  record Echo(String s) {}

  @TempDir Path dir;

  @Test
  void workersWaitersAndTheListenConnectionSurviveAnOutage() throws Exception {
    Path data = dir.resolve("pgdata");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedDatabase db = EmbeddedDatabase.start(data, port, false);
    WorkerOptions opts = IntegrationTest.fastWorker().concurrency(2).build();
    try (Gallop g =
        Gallop.builder()
            .databaseUrl(db.jdbcUrl("postgres"))
            .ignoreEnvironment()
            .poolSize(4)
            .build()) {
      Task<Echo, String> echo =
          g.task("echo", Echo.class, String.class).handler((in, ctx) -> TaskResult.ok(in.s()));
      try (Worker w = g.worker(opts).start()) {
        assertThat(echo.send(new Echo("before")).get(Duration.ofSeconds(20)))
            .isEqualTo(TaskResult.ok("before"));
        // due only after the database is back: its waiter must ride out the outage
        TaskHandle<String> delayed =
            echo.send(new Echo("across"), SendOptions.none().delay(Duration.ofSeconds(14)));
        CompletableFuture<TaskResult<String>> waiting = delayed.getAsync(Duration.ofSeconds(90));

        db.close();
        assertThatThrownBy(() -> echo.send(new Echo("during")))
            .isInstanceOfSatisfying(
                TaskSendException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(TaskSendException.Code.ENQUEUE_FAILED);
                  assertThat(e.retryable()).isTrue();
                });
        assertThat(waiting).isNotDone();
        Thread.sleep(10_000); // a 10-second outage: the stimulus of this test, not synchronisation
        db = EmbeddedDatabase.start(data, port, false);

        assertThat(waiting.get()).isEqualTo(TaskResult.ok("across"));
        assertThat(echo.send(new Echo("after")).get(Duration.ofSeconds(30)))
            .isEqualTo(TaskResult.ok("after"));
        await().atMost(Duration.ofSeconds(20)).until(() -> g.engine().notifications().connected());
        assertThat(w.isRunning()).isTrue();
      }
    } finally {
      db.close();
    }
  }
}
