package io.cairn.fuse;

import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.time.Instant;
import org.cryptomator.jfuse.api.Stat;

/** Fills a kernel {@code struct stat} from a Cairn file status. */
final class StatMapping {
  private final Identities identities;

  StatMapping(Identities identities) {
    this.identities = identities;
  }

  /** {@code lengthBytes} overrides the status's length (a file this mount is writing). */
  void fill(Stat stat, FileStatus st, long lengthBytes) {
    boolean dir = st.getType() == InodeType.DIRECTORY;
    stat.setMode((dir ? Stat.S_IFDIR : Stat.S_IFREG) | (st.getMode() & 07777));
    stat.setNLink((short) (dir ? 2 : 1));
    stat.setSize(dir ? 0 : lengthBytes);
    stat.setUid(identities.uid(st.getOwner()));
    stat.setGid(identities.gid(st.getGroup()));
    Instant mtime = Instant.ofEpochMilli(st.getMtimeMs());
    stat.mTime().set(mtime);
    // Cairn keeps no change time; the modification time is the nearest it has.
    stat.cTime().set(mtime);
    stat.aTime().set(st.getAtimeMs() > 0 ? Instant.ofEpochMilli(st.getAtimeMs()) : mtime);
  }

  void fill(Stat stat, FileStatus st) {
    fill(stat, st, st.getLengthBytes());
  }
}
