package dev.gallop.cli;

import dev.gallop.examples.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gallop demo}: the README demo. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the README demo: a nightly-ETL workflow (fan-out, a failing source, a flaky one that"
          + " retries, a merge that tolerates the failure) with a worker in this process, printing"
          + " the DAG's statuses as they change.",
      "Uses GALLOP_DATABASE_URL, else the embedded database."
    })
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Demo.main(new String[0]);
    return 0;
  }
}
