package dev.gallop.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CombinerTest {
  @Test
  void everyRequestGetsItsOwnAnswerAndConcurrentRequestsShareBatches() throws Exception {
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    CountDownLatch firstBatchEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Combiner<Integer, String> c =
        new Combiner<>(
            50,
            batch -> {
              batchSizes.add(batch.size());
              if (batchSizes.size() == 1) {
                firstBatchEntered.countDown();
                release.await(); // hold the first batch so that the others queue up
              }
              return batch.stream().map(i -> "answer " + i).toList();
            });
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = new ArrayList<>();
      answers.add(pool.submit(() -> c.submit(0)));
      firstBatchEntered.await();
      for (int i = 1; i <= 120; i++) {
        int n = i;
        answers.add(pool.submit(() -> c.submit(n)));
      }
      // every request is queued behind the held batch before it is released
      org.awaitility.Awaitility.await().until(() -> queued(c) == 120);
      release.countDown();
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo("answer " + i);
      }
    }
    assertThat(batchSizes.get(0)).isEqualTo(1);
    assertThat(batchSizes.subList(1, batchSizes.size())).containsExactly(50, 50, 20);
  }

  @Test
  void aFailingBatchFailsEveryRequestItCarriedAndTheNextBatchRunsAgain() throws Exception {
    int[] calls = {0};
    Combiner<String, String> c =
        new Combiner<>(
            10,
            batch -> {
              if (calls[0]++ == 0) {
                throw new SQLException("boom");
              }
              return batch;
            });
    assertThatThrownBy(() -> c.submit("a")).isInstanceOf(SQLException.class).hasMessage("boom");
    assertThat(c.submit("b")).isEqualTo("b");
  }

  private static int queued(Combiner<?, ?> c) {
    return c.queuedForTests();
  }
}
