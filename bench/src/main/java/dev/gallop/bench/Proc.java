package dev.gallop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU and memory read from /proc (Linux). CPU is counted in clock ticks of 10 ms (CLK_TCK = 100):
 * this JVM's user + system time, and that of every {@code postgres} process including the children
 * they have reaped, so that backends which exit during a run are still counted.
 */
final class Proc {
  static final double TICK_MS = 10.0;

  private Proc() {}

  /** CPU ticks used so far by this JVM. */
  static long jvmTicks() {
    return ticks(Path.of("/proc/self/stat"), false);
  }

  /** CPU ticks used so far by process {@code pid} (0 once it has ended). */
  static long processTicks(long pid) {
    return ticks(Path.of("/proc/" + pid + "/stat"), false);
  }

  /**
   * CPU ticks used so far by the JIT compiler threads (C1 and C2) of process {@code pid}, or of
   * this JVM for {@code "self"}.
   */
  static long compilerTicks(String pid) {
    try (Stream<Path> threads = Files.list(Path.of("/proc", pid, "task"))) {
      return threads
          .mapToLong(t -> {
            try {
              String s = Files.readString(t.resolve("stat"));
              String comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
              return comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                  ? ticks(t.resolve("stat"), false)
                  : 0;
            } catch (IOException | RuntimeException e) {
              return 0; // the thread ended meanwhile
            }
          })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /** CPU ticks used so far by all postgres processes (and their reaped children). */
  static long postgresTicks() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(p -> ticks(p.resolve("stat"), true))
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long ticks(Path stat, boolean onlyPostgres) {
    try {
      String s = Files.readString(stat);
      int open = s.indexOf('(');
      int close = s.lastIndexOf(')');
      if (onlyPostgres && !s.substring(open + 1, close).equals("postgres")) {
        return 0;
      }
      String[] f = s.substring(close + 2).split(" ");
      // fields after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17)
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return onlyPostgres ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile
    }
  }

  /** Current resident set size of this JVM, in MiB. */
  static double rssMiB() {
    return status("self", "VmRSS:");
  }

  /** Peak resident set size of process {@code pid} so far (VmHWM), in MiB. */
  static double peakRssMiB(long pid) {
    return status(Long.toString(pid), "VmHWM:");
  }

  private static double status(String pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return Double.NaN;
  }

  /** CPU of the JVM plus PostgreSQL between two snapshots. */
  record Cpu(long jvm, long pg, long jit) {
    static Cpu now() {
      return new Cpu(jvmTicks(), postgresTicks(), compilerTicks("self"));
    }

    /** Milliseconds of CPU (JVM + PostgreSQL) since {@code before}. */
    double millisSince(Cpu before) {
      return ((jvm - before.jvm) + (pg - before.pg)) * TICK_MS;
    }

    /** Milliseconds of this JVM's JIT compilation since {@code before} (part of its CPU). */
    double jitMillisSince(Cpu before) {
      return (jit - before.jit) * TICK_MS;
    }

    /** Milliseconds of PostgreSQL CPU since {@code before}. */
    double pgMillisSince(Cpu before) {
      return (pg - before.pg) * TICK_MS;
    }
  }
}
