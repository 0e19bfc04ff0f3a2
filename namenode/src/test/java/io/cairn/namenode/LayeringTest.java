package io.cairn.namenode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of STYLE.md §2, as far as the NameNode has grown into it. Generated protos are fine anywhere. */
@AnalyzeClasses(packages = "io.cairn.namenode",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class LayeringTest {
  private static final String STORE = "io.cairn.namenode.store..";

  @ArchTest
  static final ArchRule onlyTheStoreUsesRocksDb = noClasses()
      .that().resideOutsideOfPackage(STORE)
      .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
      .because("RocksDB's JNI objects stay behind KvStore");

  @ArchTest
  static final ArchRule theNamespaceCoreIsPure = noClasses()
      .that().resideInAPackage("io.cairn.namenode.namespace..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "io.grpc..", "org.rocksdb..", "io.netty..", STORE, "io.cairn.namenode.rpc..", "io.cairn.namenode.server..",
          "io.cairn.namenode.editlog..", "io.cairn.namenode.namesystem..")
      .because("the namespace is a pure core: plan and apply, no I/O, transport or wiring");

  @ArchTest
  static final ArchRule theNamespaceCoreTakesTimeAsAnArgument = noClasses()
      .that().resideInAPackage("io.cairn.namenode.namespace..")
      .should().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.time.Clock.class, java.time.Instant.class,
          io.cairn.common.time.Clock.class)
      .because("apply must be deterministic: the planner is handed nowMs");

  @ArchTest
  static final ArchRule onlyRpcAndServerUseGrpc = noClasses()
      .that().resideInAPackage("io.cairn.namenode..")
      .and().resideOutsideOfPackages("io.cairn.namenode.rpc..", "io.cairn.namenode.server..")
      .should().dependOnClassesThat().resideInAPackage("io.grpc..")
      .because("gRPC is the transport; the cores see plain requests");

  @ArchTest
  static final ArchRule namenodePackagesHaveNoCycles = slices()
      .matching("io.cairn.namenode.(*)..")
      .should().beFreeOfCycles();
}
