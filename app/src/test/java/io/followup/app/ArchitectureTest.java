package io.followup.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module graph of docs/ARCHITECTURE.md, one rule per module, on the production classes: {@code
 * workflows} needs the Temporal SDK and Jackson's annotations alone; {@code compliance} (the phone
 * rules) and {@code domain} (the ports and their records) sit on it; the adapters {@code worker}
 * (channels) and {@code store} (JDBI) depend on {@code domain} and never on each other; {@code api}
 * (HTTP) may use {@code store} but never {@code worker}; {@code app} composes them all. The poms
 * say the same (each module's {@code bannedDependencies}); this test names the class that broke it.
 * Inside {@code api}, the records that go in and out ({@code api.core.view}, {@code
 * api.core.command}) are kept apart from the services in {@code api.core}.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.followup");

  @Test
  void domainKnowsTheWorkflowsContractsAndTheJdkAlone() {
    classes()
        .that()
        .resideInAPackage("io.followup.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.domain..", "io.followup.workflows..", "java..", "javax.crypto..")
        .because("the ports are what the adapters share: no adapter, framework or driver in them")
        .check(PRODUCTION);
  }

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
        .because("worker and store are siblings over domain; a worker process serves no HTTP")
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
        .because("the API process carries no channel code (Twilio calls, SMTP, templates)")
        .check(PRODUCTION);
  }

  @Test
  void apiViewsAndCommandsArePlainRecords() {
    classes()
        .that()
        .resideInAnyPackage("io.followup.api.core.view..", "io.followup.api.core.command..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.api.core.view..",
            "io.followup.api.core.command..",
            "io.followup.workflows.model..",
            "com.fasterxml.jackson..",
            "java..")
        .because("what goes in and out of the API is data: the services stay in api.core")
        .check(PRODUCTION);
  }

  @Test
  void storeKnowsNoHttpNorTheWorkerNorTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.followup.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.followup.worker..",
            "io.followup.api..",
            "io.followup.app..",
            "jakarta.ws.rs..",
            "org.glassfish.jersey..",
            "io.dropwizard..")
        .because(
            "worker and store are siblings over domain; the API uses the store, not the reverse")
        .check(PRODUCTION);
  }
}
