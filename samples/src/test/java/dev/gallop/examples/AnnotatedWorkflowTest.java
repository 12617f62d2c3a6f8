package dev.gallop.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gallop.Gallop;
import dev.gallop.examples.billing.Billing;
import dev.gallop.examples.billing.BillingTasks;
import dev.gallop.examples.billing.CustomerChargesWorkflow;
import dev.gallop.examples.billing.InvoiceWorkflow;
import dev.gallop.examples.billing.MonthlyBillingWorkflow;
import dev.gallop.examples.imports.FeedImportWorkflow;
import dev.gallop.examples.imports.Feeds;
import dev.gallop.examples.imports.FeedsTasks;
import dev.gallop.examples.joins.QuoteRoundWorkflow;
import dev.gallop.examples.joins.Quotes;
import dev.gallop.examples.joins.QuotesTasks;
import dev.gallop.examples.shop.CheckoutWorkflow;
import dev.gallop.examples.shop.Orders;
import dev.gallop.examples.shop.OrdersTasks;
import dev.gallop.internal.db.EmbeddedDatabase;
import dev.gallop.task.BuiltInCode;
import dev.gallop.task.TaskResult;
import dev.gallop.worker.Worker;
import dev.gallop.worker.WorkerOptions;
import dev.gallop.workflow.WorkflowStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The annotated demo workflow, compiled through the processor, run on real PostgreSQL: a worker
 * process registers the generated tasks; a client engine with no task bodies starts the run and a
 * third re-attaches to it, reading every node's typed result.
 */
class AnnotatedWorkflowTest {
  private static EmbeddedDatabase db;
  private static Gallop workerEngine;
  private static Gallop client;
  private static Worker worker;

  @BeforeAll
  static void start() {
    db = EmbeddedDatabase.startEphemeral();
    workerEngine = engine();
    EtlTasks.register(workerEngine, new Etl());
    OrdersTasks.register(workerEngine, new Orders());
    QuotesTasks.register(workerEngine, new Quotes());
    FeedsTasks.register(workerEngine, new Feeds());
    BillingTasks.register(workerEngine, new Billing());
    workerEngine.registerTree(MonthlyBillingWorkflow.DEFINITION); // children and grandchildren too
    worker =
        workerEngine
            .worker(
                WorkerOptions.builder()
                    .concurrency(4)
                    .notifyPollInterval(Duration.ofSeconds(1))
                    .build())
            .start();
    client = engine();
  }

  private static Gallop engine() {
    return Gallop.builder().databaseUrl(db.jdbcUrl("postgres")).ignoreEnvironment().build();
  }

  @AfterAll
  static void stop() {
    worker.close();
    client.close();
    workerEngine.close();
    db.close();
  }

  @Test
  void aClientWithoutTaskBodiesStartsTheAnnotatedWorkflowAndReadsTypedResults() {
    NightlyEtlWorkflow.Handle started =
        NightlyEtlWorkflow.spec(client, "2026-12-02").start("etl-2026-12-02");
    TaskResult<String> report = started.get(Duration.ofSeconds(60));

    assertThat(report).isEqualTo(TaskResult.ok("report: 5400 rows merged (missing: legacy)"));
    assertThat(started.status()).isEqualTo(WorkflowStatus.COMPLETED);
    NightlyEtlWorkflow.Handle again = NightlyEtlWorkflow.attach(client, "etl-2026-12-02");
    assertThat(again.extract()).isEqualTo(TaskResult.ok("snapshot-2026-12-02"));
    TaskResult<Integer> eu = again.eu();
    assertThat(eu.okValue()).isEqualTo(1200);
    assertThat(again.apac()).isEqualTo(TaskResult.ok(800));
    assertThat(again.legacy().errValue().describe())
        .isEqualTo("SOURCE_DOWN: legacy source is down");
    assertThat(again.resultFor(NightlyEtlWorkflow.MERGE).okValue())
        .isEqualTo("5400 rows merged (missing: legacy)");
    assertThat(again.mergeAsync().join().isOk()).isTrue();
    assertThat(NightlyEtlWorkflow.spec(client, "x").spec().definitionKey())
        .contains("demo.nightly-etl.v1");
  }

  @Test
  void theReadmesCheckoutRunsWithContextAndTypedResults() {
    CheckoutWorkflow.Handle h =
        CheckoutWorkflow.spec(client, "42", "a@example.com").start("order-42");
    TaskResult<Orders.Sent> done = h.get(Duration.ofSeconds(30));

    assertThat(done).isEqualTo(TaskResult.ok(new Orders.Sent("a@example.com", "paid 4200 EUR")));
    TaskResult<Orders.Receipt> paid = h.charge();
    assertThat(paid.okValue().currency()).isEqualTo("EUR");
    assertThat(h.resultFor(CheckoutWorkflow.VALIDATE).okValue().cents()).isEqualTo(4200);
  }

  @Test
  void aFailedCheckoutPausesAndCanBeCancelled() {
    CheckoutWorkflow.Handle h =
        CheckoutWorkflow.spec(client, "bad-1", "b@example.com").start("order-bad-1");
    TaskResult<Orders.Sent> r = h.get(Duration.ofSeconds(30));

    assertThat(r.errValue().hasCode(BuiltInCode.WORKFLOW_PAUSED)).isTrue();
    assertThat(h.status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(h.validate().errValue().describe())
        .isEqualTo("INVALID_ORDER: order bad-1 does not exist");
    h.cancel();
    assertThat(h.status()).isEqualTo(WorkflowStatus.CANCELLED);
  }

  @Test
  void everyJoinTypeRunsOnItsOwnRule() {
    QuoteRoundWorkflow.Handle h = QuoteRoundWorkflow.spec(client).start("quotes-1");
    // ANY runs on the first completed quote, QUORUM waits for a second one: the slow supplier
    await().atMost(Duration.ofSeconds(30)).until(() -> h.first().isOk());
    assertThat(h.first().okValue()).startsWith("best 900 of "); // broken may have failed already
    assertThat(h.twoOfThree().errValue().hasCode(BuiltInCode.RESULT_NOT_READY)).isTrue();
    Quotes.SLOW_SUPPLIER.countDown();

    var results = h.get(Duration.ofSeconds(30));
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(h.twoOfThree().okValue()).startsWith("best 700 of ");
    assertThat(h.all().okValue()).isEqualTo("best 700 of 3 answered");
    assertThat(h.broken().errValue().codeName()).isEqualTo("SUPPLIER_DOWN");
    assertThat(results.okValue()).containsKeys("first", "twoOfThree", "all");
  }

  @Test
  void onErrorPausePausesAnImportAndResumeFinishesIt() {
    Feeds.PARTNER_UP.set(false);
    FeedImportWorkflow.Handle h = FeedImportWorkflow.spec(client, "orders").start("import-1");
    TaskResult<String> paused = h.get(Duration.ofSeconds(30));

    assertThat(paused.errValue().hasCode(BuiltInCode.WORKFLOW_PAUSED)).isTrue();
    assertThat(h.enrich().errValue().codeName()).isEqualTo("PARTNER_DOWN");
    assertThat(h.publish().errValue().hasCode(BuiltInCode.RESULT_NOT_READY)).isTrue();
    assertThat(h.resume()).isTrue();
    assertThat(h.get(Duration.ofSeconds(30))).isEqualTo(TaskResult.ok("published 600 plain rows"));
    assertThat(h.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aTwoLevelSubworkflowPausesToTheGrandchildResumesAndReturnsEveryLevelsTypedResult() {
    client.registerTree(MonthlyBillingWorkflow.DEFINITION);
    MonthlyBillingWorkflow.Handle month =
        MonthlyBillingWorkflow.spec(client, "ada", "bob").start("billing-2026-11");
    // wait for a grandchild, then pause the whole tree from the top
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            month
                .firstInvoiceWorkflow()
                .flatMap(InvoiceWorkflow.Handle::chargesWorkflow)
                .isPresent());
    InvoiceWorkflow.Handle invoice = month.firstInvoiceWorkflow().orElseThrow();
    CustomerChargesWorkflow.Handle charges = invoice.chargesWorkflow().orElseThrow();
    assertThat(month.pause()).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(charges.status()).isEqualTo(WorkflowStatus.PAUSED));
    assertThat(invoice.status()).isEqualTo(WorkflowStatus.PAUSED);

    assertThat(month.resume()).isTrue();
    Billing.METER_READS.countDown();
    TaskResult<Integer> total = month.get(Duration.ofSeconds(60));

    // ada: 300 usage + 1000 fee + 1000 shipping; bob: likewise
    assertThat(total).isEqualTo(TaskResult.ok(4600));
    assertThat(month.firstInvoice()).isEqualTo(TaskResult.ok(2300));
    assertThat(invoice.amount()).isEqualTo(TaskResult.ok(2300));
    assertThat(charges.total()).isEqualTo(TaskResult.ok(1300));
    assertThat(charges.usage()).isEqualTo(TaskResult.ok(300));
    assertThat(charges.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void typedSendsRunAStandaloneTask() {
    TaskResult<String> r = EtlTasks.extract(client).send("2026-01-01").get(Duration.ofSeconds(30));
    assertThat(r).isEqualTo(TaskResult.ok("snapshot-2026-01-01"));
  }
}
