package io.runnel.state;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md: state-store depends on nothing of ours; only on the JDK and its libraries. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.runnel.state");

  @Test
  void dependsOnlyOnItselfTheJdkAndItsLibraries() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.runnel.state..",
            "java..",
            "org.rocksdb..",
            "com.github.benmanes.caffeine..",
            "com.esotericsoftware..",
            "org.objenesis..",
            "com.fasterxml.jackson..",
            "org.slf4j..")
        .check(MAIN);
  }

  @Test
  void publicApiDoesNotExposeRocksDbInternalsExceptTheTuningPackage() {
    noClasses()
        .that()
        .resideInAnyPackage("io.runnel.state", "io.runnel.state.serde", "io.runnel.state.changelog")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.rocksdb..")
        .check(MAIN);
  }
}
