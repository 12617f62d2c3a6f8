package dev.gallop.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dashboard is built on the public and monitoring API only. */
@AnalyzeClasses(
    packages = "dev.gallop.dashboard",
    importOptions = ImportOption.DoNotIncludeTests.class)
class DashboardArchitectureTest {
  @ArchTest
  static final ArchRule usesNoEngineInternals =
      noClasses()
          .that()
          .resideInAPackage("dev.gallop.dashboard..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.gallop.internal..")
          .because("the dashboard must work over the published API, like any user's tool");
}
