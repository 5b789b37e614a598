package io.runnel.connect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md: connectors reach the log through the Log SPI, never through log-server's code. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.runnel.connect");

  @Test
  void mainCodeNeverImportsLogServer() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.runnel.log..").check(MAIN);
  }

  @Test
  void thePublicApiDoesNotDependOnTheConnectorsOrTheRuntimeTypesOfStreams() {
    noClasses()
        .that()
        .resideInAPackage("io.runnel.connect")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runnel.connect.file..", "io.runnel.connect.jdbc..")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("io.runnel.streams.internal..")
        .check(MAIN);
  }
}
