package dev.gallop.bench;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.worker.WorkerOptions;

/** The application a separate worker process ({@code WorkerMain}) runs for the bench. */
public final class BenchApp implements GallopApplication {
  @Override
  public void register(Gallop g) {
    GallopWorkloads.noop(g);
  }

  @Override
  public WorkerOptions.Builder configureWorker(WorkerOptions.Builder b) {
    return b.maxClaimBatch(GallopWorkloads.CLAIM_BATCH);
  }
}
