package io.runnel.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md: streams-api reaches the log only through the Log SPI, never log-server's code. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.runnel.streams");

  @Test
  void mainCodeNeverImportsLogServer() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.runnel.log..").check(MAIN);
  }

  @Test
  void onlyTheKafkaBackendAndThePartitionerUseKafkaClients() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.runnel.streams.log.kafka", "io.runnel.streams.log")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(MAIN);
  }

  @Test
  void logSpiDoesNotDependOnTheRuntime() {
    noClasses()
        .that()
        .resideInAPackage("io.runnel.streams.log..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.runnel.streams.internal..")
        .check(MAIN);
  }
}
