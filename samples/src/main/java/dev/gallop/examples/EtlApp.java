package dev.gallop.examples;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;

/**
 * The demo's tasks as an application for the command line: {@code bin/gallop worker
 * dev.gallop.examples.EtlApp --classpath samples/target/gallop-samples.jar}.
 */
public final class EtlApp implements GallopApplication {
  @Override
  public void register(Gallop gallop) {
    EtlTasks.register(gallop, new Etl());
    gallop.register(NightlyEtlWorkflow.DEFINITION); // so that `gallop check` builds and checks it
  }
}
