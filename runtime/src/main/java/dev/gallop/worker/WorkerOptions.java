package dev.gallop.worker;

import dev.gallop.error.ConfigurationException;
import dev.gallop.error.ValidationProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one worker. Immutable; build with {@link #builder()}. Every setting is validated when
 * {@link Builder#build()} runs and a bad value is named in a {@link ConfigurationException} ({@code
 * GALLOP-202}, {@code 204}, {@code 205}).
 *
 * @param concurrency execution slots; default available processors; at least 1
 * @param maxClaimBatch rows claimed per claim statement; default 2; at least 1
 * @param maxClaimPerWorker cap on held claims; 0 = auto (concurrency + prefetchBuffer)
 * @param prefetchBuffer extra claims held beyond concurrency; default 0; needs an explicit lease
 * @param claimLease how long a claim is valid without renewal; default 60 s; at least 2x the
 *     claimer heartbeat interval
 * @param maxClaimRenewAge claims older than this are no longer renewed; default 180 s
 * @param claimerHeartbeatInterval default 30 s; 1 s .. 2 min
 * @param runnerHeartbeatInterval default 30 s; 1 s .. 2 min
 * @param claimedStaleThreshold default 120 s; 1 s .. 1 h; at least 2x the claimer interval
 * @param runningStaleThreshold default 300 s; 1 s .. 2 h; at least 2x the runner interval
 * @param recoveryCheckInterval default 30 s; 1 s .. 10 min
 * @param notifyPollInterval fallback poll when no notification arrives; default 5 s; 1 s .. 5 min
 * @param shutdownDrain how long shutdown waits for running bodies; default 30 s
 * @param queues queues this worker claims from; empty = all configured queues
 * @param retentionTerminal terminal workflows and tasks older than this are deleted; null disables
 * @param workerId identity; null = host:pid:random
 */
public record WorkerOptions(
    int concurrency,
    int maxClaimBatch,
    int maxClaimPerWorker,
    int prefetchBuffer,
    Duration claimLease,
    Duration maxClaimRenewAge,
    Duration claimerHeartbeatInterval,
    Duration runnerHeartbeatInterval,
    Duration claimedStaleThreshold,
    Duration runningStaleThreshold,
    Duration recoveryCheckInterval,
    Duration notifyPollInterval,
    Duration shutdownDrain,
    Set<String> queues,
    @Nullable Duration retentionTerminal,
    @Nullable String workerId) {

  public WorkerOptions {
    queues = Set.copyOf(queues);
  }

  /** Defaults of the specification. */
  public static WorkerOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.concurrency = concurrency;
    b.maxClaimBatch = maxClaimBatch;
    b.maxClaimPerWorker = maxClaimPerWorker;
    b.prefetchBuffer = prefetchBuffer;
    b.claimLease = claimLease;
    b.claimLeaseExplicit = true;
    b.maxClaimRenewAge = maxClaimRenewAge;
    b.claimerHeartbeatInterval = claimerHeartbeatInterval;
    b.runnerHeartbeatInterval = runnerHeartbeatInterval;
    b.claimedStaleThreshold = claimedStaleThreshold;
    b.runningStaleThreshold = runningStaleThreshold;
    b.recoveryCheckInterval = recoveryCheckInterval;
    b.notifyPollInterval = notifyPollInterval;
    b.shutdownDrain = shutdownDrain;
    b.queues = queues;
    b.retentionTerminal = retentionTerminal;
    b.workerId = workerId;
    return b;
  }

  /** Effective claim cap: {@code maxClaimPerWorker}, or concurrency + prefetch when 0. */
  public int effectiveClaimCap() {
    return maxClaimPerWorker > 0 ? maxClaimPerWorker : concurrency + prefetchBuffer;
  }

  /** Builder of {@link WorkerOptions}. Not thread-safe. */
  public static final class Builder {
    private int concurrency = Runtime.getRuntime().availableProcessors();
    private int maxClaimBatch = 2;
    private int maxClaimPerWorker = 0;
    private int prefetchBuffer = 0;
    private Duration claimLease = Duration.ofSeconds(60);
    private boolean claimLeaseExplicit;
    private Duration maxClaimRenewAge = Duration.ofSeconds(180);
    private Duration claimerHeartbeatInterval = Duration.ofSeconds(30);
    private Duration runnerHeartbeatInterval = Duration.ofSeconds(30);
    private Duration claimedStaleThreshold = Duration.ofSeconds(120);
    private Duration runningStaleThreshold = Duration.ofSeconds(300);
    private Duration recoveryCheckInterval = Duration.ofSeconds(30);
    private Duration notifyPollInterval = Duration.ofSeconds(5);
    private Duration shutdownDrain = Duration.ofSeconds(30);
    private Set<String> queues = Set.of();
    private @Nullable Duration retentionTerminal = Duration.ofDays(30);
    private @Nullable String workerId;

    private Builder() {}

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public Builder maxClaimBatch(int v) {
      maxClaimBatch = v;
      return this;
    }

    public Builder maxClaimPerWorker(int v) {
      maxClaimPerWorker = v;
      return this;
    }

    public Builder prefetchBuffer(int v) {
      prefetchBuffer = v;
      return this;
    }

    public Builder claimLease(Duration v) {
      claimLease = v;
      claimLeaseExplicit = true;
      return this;
    }

    public Builder maxClaimRenewAge(Duration v) {
      maxClaimRenewAge = v;
      return this;
    }

    public Builder claimerHeartbeatInterval(Duration v) {
      claimerHeartbeatInterval = v;
      return this;
    }

    public Builder runnerHeartbeatInterval(Duration v) {
      runnerHeartbeatInterval = v;
      return this;
    }

    public Builder claimedStaleThreshold(Duration v) {
      claimedStaleThreshold = v;
      return this;
    }

    public Builder runningStaleThreshold(Duration v) {
      runningStaleThreshold = v;
      return this;
    }

    public Builder recoveryCheckInterval(Duration v) {
      recoveryCheckInterval = v;
      return this;
    }

    public Builder notifyPollInterval(Duration v) {
      notifyPollInterval = v;
      return this;
    }

    public Builder shutdownDrain(Duration v) {
      shutdownDrain = v;
      return this;
    }

    public Builder queues(String... names) {
      queues = Set.of(names);
      return this;
    }

    public Builder retentionTerminal(@Nullable Duration v) {
      retentionTerminal = v;
      return this;
    }

    public Builder workerId(String v) {
      workerId = v;
      return this;
    }

    /** Validates and builds. @throws ConfigurationException naming each bad value */
    public WorkerOptions build() {
      List<ValidationProblem> p = new ArrayList<>();
      if (concurrency < 1)
        p.add(ValidationProblem.of(205, "concurrency must be >= 1, was " + concurrency));
      if (maxClaimBatch < 1)
        p.add(ValidationProblem.of(205, "maxClaimBatch must be >= 1, was " + maxClaimBatch));
      if (maxClaimPerWorker < 0)
        p.add(
            ValidationProblem.of(205, "maxClaimPerWorker must be >= 0, was " + maxClaimPerWorker));
      if (prefetchBuffer < 0)
        p.add(ValidationProblem.of(202, "prefetchBuffer must be >= 0, was " + prefetchBuffer));
      if (prefetchBuffer > 0 && !claimLeaseExplicit) {
        p.add(
            ValidationProblem.of(
                202, "prefetchBuffer " + prefetchBuffer + " needs an explicit claimLease"));
      }
      range(
          p,
          204,
          "claimerHeartbeatInterval",
          claimerHeartbeatInterval,
          Duration.ofSeconds(1),
          Duration.ofMinutes(2));
      range(
          p,
          204,
          "runnerHeartbeatInterval",
          runnerHeartbeatInterval,
          Duration.ofSeconds(1),
          Duration.ofMinutes(2));
      range(
          p,
          204,
          "claimedStaleThreshold",
          claimedStaleThreshold,
          Duration.ofSeconds(1),
          Duration.ofHours(1));
      range(
          p,
          204,
          "runningStaleThreshold",
          runningStaleThreshold,
          Duration.ofSeconds(1),
          Duration.ofHours(2));
      range(
          p,
          204,
          "recoveryCheckInterval",
          recoveryCheckInterval,
          Duration.ofSeconds(1),
          Duration.ofMinutes(10));
      range(
          p,
          205,
          "notifyPollInterval",
          notifyPollInterval,
          Duration.ofSeconds(1),
          Duration.ofMinutes(5));
      if (claimedStaleThreshold.compareTo(claimerHeartbeatInterval.multipliedBy(2)) < 0) {
        p.add(
            ValidationProblem.of(
                204,
                "claimedStaleThreshold ("
                    + claimedStaleThreshold
                    + ") must be >= 2 x claimerHeartbeatInterval ("
                    + claimerHeartbeatInterval
                    + ")"));
      }
      if (runningStaleThreshold.compareTo(runnerHeartbeatInterval.multipliedBy(2)) < 0) {
        p.add(
            ValidationProblem.of(
                204,
                "runningStaleThreshold ("
                    + runningStaleThreshold
                    + ") must be >= 2 x runnerHeartbeatInterval ("
                    + runnerHeartbeatInterval
                    + ")"));
      }
      if (claimLease.compareTo(claimerHeartbeatInterval.multipliedBy(2)) < 0) {
        p.add(
            ValidationProblem.of(
                205,
                "claimLease ("
                    + claimLease
                    + ") must be >= 2 x claimerHeartbeatInterval ("
                    + claimerHeartbeatInterval
                    + ")"));
      }
      if (maxClaimRenewAge.compareTo(claimLease) < 0) {
        p.add(
            ValidationProblem.of(
                205,
                "maxClaimRenewAge ("
                    + maxClaimRenewAge
                    + ") must be >= claimLease ("
                    + claimLease
                    + ")"));
      }
      if (shutdownDrain.isNegative())
        p.add(ValidationProblem.of(205, "shutdownDrain must be >= 0, was " + shutdownDrain));
      if (!p.isEmpty()) throw new ConfigurationException("worker options", p);
      return new WorkerOptions(
          concurrency,
          maxClaimBatch,
          maxClaimPerWorker,
          prefetchBuffer,
          claimLease,
          maxClaimRenewAge,
          claimerHeartbeatInterval,
          runnerHeartbeatInterval,
          claimedStaleThreshold,
          runningStaleThreshold,
          recoveryCheckInterval,
          notifyPollInterval,
          shutdownDrain,
          queues,
          retentionTerminal,
          workerId);
    }

    private static void range(
        List<ValidationProblem> p, int code, String name, Duration v, Duration min, Duration max) {
      if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        p.add(ValidationProblem.of(code, name + " must be " + min + " .. " + max + ", was " + v));
      }
    }
  }
}
