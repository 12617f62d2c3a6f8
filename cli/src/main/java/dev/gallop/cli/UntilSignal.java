package dev.gallop.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a long-lived command (worker, dashboard, database) until SIGTERM or SIGINT, then its
 * cleanup, then exits 0: a graceful stop is a success, not the JVM's default 143.
 */
final class UntilSignal {
  private UntilSignal() {}

  static int await(String name, Runnable cleanup) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cleanup.run();
                  } finally {
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                  }
                },
                "gallop-" + name + "-shutdown"));
    never.await();
    return 0;
  }
}
