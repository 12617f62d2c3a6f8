package dev.gallop.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast this machine is in this repetition, measured beside the workloads so that a slow hour
 * shows in the table: every durable commit waits for a synchronous write, and a virtual machine's
 * disk and CPU vary from hour to hour (the raw queue, which no change of Gallop touches, drained
 * between 7,100 and 19,800 jobs/s in runs on this development machine over two days).
 */
final class Machine {
  private static final int WRITES = 300;
  private static final int BLOCK = 8 * 1024;
  private static final int HASH_ROUNDS = 20;
  private static final int HASH_BYTES = 4 * 1024 * 1024;

  private Machine() {}

  /**
   * Synchronous 8 KiB writes ({@code O_DSYNC}, as PostgreSQL's WAL flush on Linux) into a file in
   * {@code dir}, the directory that holds the database, and SHA-256 over 4 MiB on one thread.
   */
  static Map<String, Double> probe(Path dir) throws IOException, NoSuchAlgorithmException {
    List<Double> writes = new ArrayList<>();
    Path file = dir.resolve("machine-probe");
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
      for (int i = 0; i < WRITES; i++) {
        block.clear();
        long t0 = System.nanoTime();
        ch.write(block, (long) (i % 16) * BLOCK);
        writes.add((System.nanoTime() - t0) / 1e6);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    List<Double> hashes = new ArrayList<>();
    byte[] data = new byte[HASH_BYTES];
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < HASH_ROUNDS; i++) {
      long t0 = System.nanoTime();
      sha.update(data);
      data[i] = sha.digest()[0]; // the result is used: nothing for the JIT to drop
      hashes.add((System.nanoTime() - t0) / 1e6);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("synchronous 8 KiB write p50 ms", Bench.percentile(writes, 50));
    m.put("synchronous 8 KiB write p90 ms", Bench.percentile(writes, 90));
    m.put("SHA-256 of 4 MiB ms", Bench.percentile(hashes, 50));
    return m;
  }
}
