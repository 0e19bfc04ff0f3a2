package io.cairn.datanode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;
import io.cairn.common.testing.Conditions;
import io.cairn.common.time.SystemClock;
import io.cairn.datanode.storage.FailedVolume;
import io.cairn.datanode.transfer.TransferStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DataNode with several data folders: configuration, identity, and failed volumes at start and later. */
class DataFoldersTest {
  @TempDir
  Path dir;

  private static Settings settings(String... keyValues) {
    Map<String, String> s = new HashMap<>(Map.of("cairn.datanode.port", "0", "cairn.datanode.namenode", "none",
        "cairn.datanode.transfer.disk-threads", "2"));
    for (int i = 0; i < keyValues.length; i += 2) {
      s.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.of(s);
  }

  private DataNode start(List<Path> dirs, String... keyValues) throws IOException {
    return DataNode.start(DataNodeConfig.from(dirs, settings(keyValues)), SystemClock.INSTANCE);
  }

  @Test
  void foldersComeFromTheCommandLineOrTheKey() throws CairnException {
    assertThat(DataNodeConfig.from(List.of(), settings(DataNodeConfig.DIRS_KEY, " /a, /b ,,")).dirs())
        .containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(DataNodeConfig.from(List.of(Path.of("/c")), settings(DataNodeConfig.DIRS_KEY, "/a")).dirs())
        .as("the command line wins").containsExactly(Path.of("/c"));
    assertThat(DataNodeConfig.from(Path.of("/d"), settings()).failedVolumesTolerated()).isZero();
    assertThatThrownBy(() -> DataNodeConfig.from(List.of(), settings())).hasMessageContaining("--dir");
    assertThatThrownBy(() -> DataNodeConfig.from(List.of(Path.of("/a"), Path.of("/a/")), settings()))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> DataNodeConfig.from(List.of(Path.of("/a"), Path.of("/b")),
        settings("cairn.datanode.failed-volumes.tolerated", "2")))
        .hasMessageContaining("cairn.datanode.failed-volumes.tolerated=2").hasMessageContaining("below");
  }

  @Test
  void dirIsRepeatedOrACommaSeparatedList() {
    DataNodeMain main = new DataNodeMain();
    new picocli.CommandLine(main).parseArgs("--dir", "/a,/b", "--dir", "/c", "--namenode", "none");
    assertThat(main.dirs).containsExactly(Path.of("/a"), Path.of("/b"), Path.of("/c"));
  }

  @Test
  void everyFolderCarriesTheNodesUuidAndAnAddedOneGetsIt() throws IOException {
    String uuid;
    try (DataNode dn = start(List.of(dir.resolve("a"), dir.resolve("b")))) {
      uuid = dn.info().getUuid();
      assertThat(dn.store().volumes()).hasSize(2);
    }
    assertThat(Files.readString(dir.resolve("a/datanode.uuid")).trim()).isEqualTo(uuid);
    assertThat(Files.readString(dir.resolve("b/datanode.uuid")).trim()).isEqualTo(uuid);
    try (DataNode dn = start(List.of(dir.resolve("b"), dir.resolve("c")))) {
      assertThat(dn.info().getUuid()).isEqualTo(uuid);
    }
    assertThat(Files.readString(dir.resolve("c/datanode.uuid")).trim()).isEqualTo(uuid);

    try (DataNode other = start(List.of(dir.resolve("x")))) {
      assertThat(other.info().getUuid()).isNotEqualTo(uuid);
    }
    assertThatThrownBy(() -> start(List.of(dir.resolve("a"), dir.resolve("x"))))
        .hasMessageContaining("belong to different DataNodes");
  }

  @Test
  void aFolderInUseByAnotherDataNodeStopsTheStart() throws IOException {
    try (DataNode dn = start(List.of(dir.resolve("a")))) {
      assertThatThrownBy(() -> start(List.of(dir.resolve("b"), dir.resolve("a"))))
          .hasMessageContaining("in use by another DataNode");
      assertThat(dn.store().volumes()).hasSize(1);
    }
  }

  @Test
  void anUnusableFolderAtStartIsAFailedVolumeCountedAgainstTheTolerance() throws IOException {
    Path plainFile = dir.resolve("file");
    Files.writeString(plainFile, "not a folder");
    assertThatThrownBy(() -> start(List.of(dir.resolve("a"), plainFile)))
        .hasMessageContaining("1 of 2 volumes failed");
    try (DataNode dn = start(List.of(dir.resolve("a"), plainFile), "cairn.datanode.failed-volumes.tolerated", "1")) {
      assertThat(dn.store().failedVolumes()).extracting(FailedVolume::root).containsExactly(plainFile);
      assertThat(DataNode.storageReport(dn.store(), new TransferStats()).getFailedVolumes()).isEqualTo(1);
    }
  }

  @Test
  void moreFailedVolumesThanToleratedStopTheDataNode() throws Exception {
    DataNode dn = start(List.of(dir.resolve("a"), dir.resolve("b")), "cairn.datanode.volume-check.interval-ms", "20");
    try {
      Files.move(dir.resolve("b"), dir.resolve("b-gone"));
      Conditions.await("the DataNode stops", Duration.ofSeconds(30), () -> dn.fatalError() != null);
      dn.awaitTermination();
      assertThat(dn.fatalError()).contains("1 of 2 volumes failed").contains("0 tolerated");
    } finally {
      dn.close();
    }
  }
}
