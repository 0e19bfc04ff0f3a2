package io.cairn.datanode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md section 2: only transfer uses Netty, only heartbeat uses gRPC, storage uses neither. */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cairn.datanode");

  @Test
  void onlyTransferUsesNetty() {
    noClasses().that().resideOutsideOfPackage("io.cairn.datanode.transfer..")
        .should().dependOnClassesThat().resideInAPackage("io.netty..").check(CLASSES);
  }

  @Test
  void onlyTheNameNodeLinkUsesGrpc() {
    noClasses().that().resideOutsideOfPackage("io.cairn.datanode.heartbeat..")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..").check(CLASSES);
  }

  @Test
  void storageDependsOnNoOtherDataNodePackage() {
    noClasses().that().resideInAPackage("io.cairn.datanode.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("io.cairn.datanode.transfer..",
            "io.cairn.datanode.heartbeat..", "io.cairn.datanode.command..", "io.cairn.datanode.server..")
        .check(CLASSES);
  }
}
