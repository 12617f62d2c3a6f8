package dev.gallop.cli;

import dev.gallop.Gallop;
import dev.gallop.GallopApplication;
import dev.gallop.task.TaskResult;

/** The application the worker tests run: one task that doubles a number. */
public final class CliApp implements GallopApplication {
  /** Input of {@code double}. */
  public record In(int n) {}

  @Override
  public void register(Gallop gallop) {
    gallop.task("double", In.class, Integer.class).handler((in, ctx) -> TaskResult.ok(in.n() * 2));
  }
}
