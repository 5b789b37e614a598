package io.runnel.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.runnel.log.archfixture.StorageImportingKafkaCodec;
import io.runnel.state.archfixture.StateImportingCli;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows of DESIGN.md, checked on the main code of every module (cli sees them all):
 * {@code state-store <- streams-api <- connectors, flink-bridge <- samples <- cli} and {@code
 * log-server <- samples, cli}.
 */
class ModuleDependencyRulesTest {

  static final ArchRule MODULE_ARROWS =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("io.runnel..")
          .withOptionalLayers(true)
          .layer("log-server").definedBy("io.runnel.log..")
          .layer("state-store").definedBy("io.runnel.state..")
          .layer("streams-api").definedBy("io.runnel.streams..")
          .layer("connectors").definedBy("io.runnel.connect..")
          .layer("flink-bridge").definedBy("io.runnel.flink..")
          .layer("samples").definedBy("io.runnel.samples..")
          .layer("cli").definedBy("io.runnel.cli..")
          .whereLayer("cli").mayNotBeAccessedByAnyLayer()
          .whereLayer("samples").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("connectors").mayOnlyBeAccessedByLayers("samples", "cli")
          .whereLayer("flink-bridge").mayOnlyBeAccessedByLayers("samples", "cli")
          .whereLayer("streams-api")
          .mayOnlyBeAccessedByLayers("connectors", "flink-bridge", "samples", "cli")
          .whereLayer("state-store")
          .mayOnlyBeAccessedByLayers("streams-api", "connectors", "flink-bridge", "samples", "cli")
          .whereLayer("log-server").mayOnlyBeAccessedByLayers("samples", "cli");

  /** log-server's outside world: the JDK, kafka-clients, Netty, Ratis, SLF4J and the batch codecs. */
  static final ArchRule LOG_SERVER_OUTSIDE_DEPENDENCIES =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
          .that().resideInAPackage("io.runnel.log..")
          .should().onlyDependOnClassesThat().resideInAnyPackage(
              "io.runnel.log..",
              "java..",
              "javax.annotation..",
              "org.apache.kafka..",
              "io.netty..",
              "org.apache.ratis..",
              "org.slf4j..",
              "com.github.luben.zstd..",
              "net.jpountz..",
              "org.xerial.snappy..")
          .allowEmptyShould(true);

  /** The generated Kafka codec is confined to log-server's protocol package (DESIGN.md decision 1). */
  static final ArchRule KAFKA_CODEC_CONFINED =
      noClasses()
          .that().resideInAPackage("io.runnel.log..")
          .and().resideOutsideOfPackage("io.runnel.log.protocol..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "org.apache.kafka.common.message..",
              "org.apache.kafka.common.protocol..",
              "org.apache.kafka.common.requests..",
              "org.apache.kafka.common.record.internal..")
          .allowEmptyShould(true);

  static final List<ArchRule> RULES =
      List.of(MODULE_ARROWS, LOG_SERVER_OUTSIDE_DEPENDENCIES, KAFKA_CODEC_CONFINED);

  private static JavaClasses mainCodeOfAllModules() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.runnel");
  }

  @Test
  void mainCodeFollowsTheDependencyArrows() {
    JavaClasses classes = mainCodeOfAllModules();
    assertThat(classes.stream().map(c -> c.getPackageName()))
        .as("the importer sees log-server and cli")
        .anySatisfy(p -> assertThat(p).startsWith("io.runnel.log"))
        .anySatisfy(p -> assertThat(p).startsWith("io.runnel.cli"));
    for (ArchRule rule : RULES) {
      rule.check(classes);
    }
  }

  @Test
  void theRulesCatchAViolation() {
    JavaClasses violators =
        new ClassFileImporter()
            .importClasses(StateImportingCli.class, StorageImportingKafkaCodec.class, Main.class);
    EvaluationResult arrows = MODULE_ARROWS.evaluate(violators);
    assertThat(arrows.hasViolation()).isTrue();
    assertThat(arrows.getFailureReport().toString()).contains("StateImportingCli");
    EvaluationResult codec = KAFKA_CODEC_CONFINED.evaluate(violators);
    assertThat(codec.getFailureReport().toString()).contains("StorageImportingKafkaCodec");
  }
}
