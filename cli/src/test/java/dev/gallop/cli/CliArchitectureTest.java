package dev.gallop.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The command line is built on the public and monitoring API only. */
@AnalyzeClasses(packages = "dev.gallop.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliArchitectureTest {
  @ArchTest
  static final ArchRule usesNoEngineInternals =
      noClasses()
          .that()
          .resideInAPackage("dev.gallop.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.gallop.internal..")
          .because("the command line must work over the published API, like any user's tool");
}
