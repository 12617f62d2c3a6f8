package dev.gallop.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gallop.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrationsIT extends IntegrationTest {
  @Test
  void concurrentMigrationsOnAnEmptySchemaApplyEachVersionOnce() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            pool.submit(() -> {
              go.await();
              return Migrations.migrate(ds, "other_schema");
            }));
      }
      go.countDown();
      int applied = 0;
      for (Future<Integer> f : runs) {
        applied += f.get(60, TimeUnit.SECONDS);
      }
      long versions =
          sqlLong(
              "select count(distinct version) from other_schema.gallop_schema_history where type = 'SQL'");
      assertThat(versions).isGreaterThanOrEqualTo(2);
      assertThat(applied).isEqualTo(versions);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            sqlLong(
                "select count(*) from other_schema.gallop_schema_history where success and type = 'SQL'"))
        .isEqualTo(
            sqlLong(
                "select count(distinct version) from other_schema.gallop_schema_history where type = 'SQL'"));
    assertThat(Migrations.migrate(ds, "other_schema")).isZero();
  }
}
