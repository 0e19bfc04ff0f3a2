package io.cairn.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.error.CairnException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final String KEY = "cairn.datanode.dead.interval-ms";

  @Test
  void aMillisecondKeyTakesAWholeNumber() throws CairnException {
    assertThat(Settings.of(Map.of(KEY, "10000")).getLong(KEY, 630_000, 10, Long.MAX_VALUE)).isEqualTo(10_000);
    assertThat(Settings.empty().getLong(KEY, 630_000, 10, Long.MAX_VALUE)).isEqualTo(630_000);
  }

  @Test
  void theSameKeyWithoutMsTakesADurationWithUnits() throws CairnException {
    String base = "cairn.datanode.dead.interval";
    assertThat(Settings.of(Map.of(base, "10s")).getLong(KEY, 630_000, 10, Long.MAX_VALUE)).isEqualTo(10_000);
    assertThat(Settings.of(Map.of(base, "10m30s")).getLong(KEY, 0, 10, Long.MAX_VALUE)).isEqualTo(630_000);
    assertThat(Settings.of(Map.of(base, " 250ms ")).getLong(KEY, 0, 10, Long.MAX_VALUE)).isEqualTo(250);
    assertThat(Settings.of(Map.of(base, "1h")).getLong(KEY, 0, 10, Long.MAX_VALUE)).isEqualTo(3_600_000);
    assertThat(Settings.of(Map.of(base, "2d")).getLong(KEY, 0, 10, Long.MAX_VALUE)).isEqualTo(172_800_000);
  }

  @Test
  void aDurationWithoutAUnitOrOutOfRangeOrGivenTwiceIsRefusedByName() {
    String base = "cairn.heartbeat.interval";
    String ms = base + "-ms";
    assertThatThrownBy(() -> Settings.of(Map.of(base, "3")).getLong(ms, 3_000, 10, 3_600_000))
        .isInstanceOf(CairnException.class).hasMessageContaining(base + "=3: not a duration");
    assertThatThrownBy(() -> Settings.of(Map.of(base, "3 s")).getLong(ms, 3_000, 10, 3_600_000))
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Settings.of(Map.of(base, "5ms")).getLong(ms, 3_000, 10, 3_600_000))
        .hasMessageContaining(base + "=5ms: must be between 10 ms and 3600000 ms");
    assertThatThrownBy(() -> Settings.of(Map.of(base, "1s", ms, "1000")).getLong(ms, 3_000, 10, 3_600_000))
        .hasMessageContaining("sets both " + base + " and " + ms);
    assertThatThrownBy(() -> Settings.of(Map.of(base, "99999999999999999999d")).getLong(ms, 0, 0, Long.MAX_VALUE))
        .hasMessageContaining("too long a duration");
    assertThatThrownBy(() -> Settings.of(Map.of(ms, "1s")).getLong(ms, 0, 0, Long.MAX_VALUE))
        .hasMessageContaining(ms + "=1s: not a whole number");
  }

  @Test
  void aSwitchTakesTrueOrFalseInAnyCaseAndRefusesAnythingElseByName() throws CairnException {
    String key = "cairn.datanode.drop-cache-behind-writes";
    assertThat(Settings.of(Map.of(key, "False")).getBoolean(key, true)).isFalse();
    assertThat(Settings.of(Map.of(key, " TRUE ")).getBoolean(key, false)).isTrue();
    assertThat(Settings.empty().getBoolean(key, true)).isTrue();
    assertThatThrownBy(() -> Settings.of(Map.of(key, "yes")).getBoolean(key, true))
        .hasMessage("configuration " + key + "=yes: must be true or false");
  }

  @Test
  void aKeyNotInMillisecondsTakesNoDuration() throws CairnException {
    // Only -ms keys have a duration form: a count is never read from a key without its suffix.
    assertThat(Settings.of(Map.of("cairn.replication", "5s")).getLong("cairn.replication.default", 3, 1, 512))
        .isEqualTo(3);
  }

  @Test
  void aKeyNotInTheDocumentationIsUnknownItsDurationFormAndOtherProgramsKeysAreNot() {
    assertThat(Settings.unknown(java.util.List.of("cairn.datanode.dead.interval-ms", "cairn.datanode.dead.interval",
        "cairn.datanode.dead.intreval", "cairn.heartbeat.interval", "cairn.fuse.read-ahead-bytes", "hadoop.x")))
        .containsExactly("cairn.datanode.dead.intreval");
  }

  @Test
  void everyDocumentedKeyIsKnownAndThereAreMany() {
    assertThat(KnownKeys.all()).hasSizeGreaterThan(50).allMatch(KnownKeys::isKnown)
        .contains("cairn.namenode.port", "cairn.datanode.data.dirs", "cairn.datanode.scan.file-check.period-ms");
  }
}
