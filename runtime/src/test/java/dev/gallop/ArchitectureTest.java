package dev.gallop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the public API free of engine internals (the one bridge is documented in Secrets). */
@AnalyzeClasses(packages = "dev.gallop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule publicTaskAndWorkflowApiDoesNotUseInternals =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.gallop.task..",
              "dev.gallop.workflow..",
              "dev.gallop.worker..",
              "dev.gallop.error..")
          .and()
          .haveNameNotMatching("dev\\.gallop\\.workflow\\.BaseNode.*")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.gallop.internal..")
          .because(
              "the public API is the contract; only BaseNode's id binding crosses, through Secrets")
          .as("public API packages do not depend on internals (except BaseNode -> Secrets)");

  @ArchTest
  static final ArchRule internalsDoNotDependOnTheEntryPoint =
      noClasses()
          .that()
          .resideInAPackage("dev.gallop.internal..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.gallop.Gallop");
}
