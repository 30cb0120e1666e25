package io.followup.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/ARCHITECTURE.md, on the production classes: {@code api} (HTTP) and
 * {@code worker} (activities) are siblings over {@code workflows}; {@code store} knows neither HTTP
 * nor the app; {@code workflows} needs the Temporal SDK and Jackson's annotations alone; {@code
 * compliance} (the phone rules both use) needs {@code workflows}, libphonenumber and Jackson.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.followup");

  @Test
  void workerKnowsNoHttpNorTheStoreNorTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.followup.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.api..",
            "io.followup.app..",
            "io.followup.store..",
            "jakarta.ws.rs..",
            "org.glassfish.jersey..",
            "io.dropwizard..",
            "org.eclipse.jetty..")
        .check(PRODUCTION);
  }

  @Test
  void workflowsNeedTheTemporalSdkAndJacksonAnnotationsAlone() {
    classes()
        .that()
        .resideInAPackage("io.followup.workflows..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.workflows..",
            "io.temporal..",
            "com.fasterxml.jackson.annotation..",
            // Workflow.getLogger returns an SLF4J logger
            "org.slf4j..",
            "java..")
        .check(PRODUCTION);
  }

  @Test
  void complianceNeedsTheWorkflowsPhoneDataAndJacksonAlone() {
    classes()
        .that()
        .resideInAPackage("io.followup.compliance..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.compliance..",
            "io.followup.workflows..",
            "com.google.i18n.phonenumbers..",
            "com.fasterxml.jackson..",
            "java..")
        .check(PRODUCTION);
  }

  @Test
  void apiKnowsNoWorkerNorTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.followup.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.followup.worker..", "io.followup.app..")
        .check(PRODUCTION);
  }

  @Test
  void storeKnowsNoHttpNorTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.followup.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.api..",
            "io.followup.app..",
            "jakarta.ws.rs..",
            "org.glassfish.jersey..",
            "io.dropwizard..")
        .check(PRODUCTION);
  }
}
