package io.cairn.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DirectoryCursorTest {
  private static final int PAGE = 3;
  private final List<String> names = IntStream.range(0, 8).mapToObj(i -> "n" + i).toList();
  private final List<String> fetchedAfter = new ArrayList<>();

  private GetListingResponse page(String after) {
    fetchedAfter.add(after);
    int from = after.isEmpty() ? 0 : names.indexOf(after) + 1;
    int to = Math.min(from + PAGE, names.size());
    GetListingResponse.Builder b = GetListingResponse.newBuilder().setHasMore(to < names.size());
    names.subList(from, to).forEach(n -> b.addEntries(FileStatus.newBuilder().setPath("/d/" + n)));
    return b.build();
  }

  /** What the kernel does: fill until the buffer holds {@code room} entries, then go on from the last offset. */
  private List<String> readAll(DirectoryCursor cursor, int room) throws Exception {
    List<String> seen = new ArrayList<>();
    long offset = 0;
    while (true) {
      List<Long> offsets = new ArrayList<>();
      cursor.fill(offset, (name, st, next) -> {
        if (offsets.size() == room) {
          return false;
        }
        seen.add(name);
        offsets.add(next);
        return true;
      });
      if (offsets.isEmpty()) {
        return seen;
      }
      offset = offsets.getLast();
    }
  }

  @Test
  void pagesThroughTheDirectoryAcrossFullBuffers() throws Exception {
    DirectoryCursor cursor = new DirectoryCursor(this::page);
    List<String> expected = new ArrayList<>(List.of(".", ".."));
    expected.addAll(names);
    assertThat(readAll(cursor, 2)).isEqualTo(expected);
    // One fetch per page, each after the last name of the one before.
    assertThat(fetchedAfter).containsExactly("", "n2", "n5");
  }

  @Test
  void aRewindStartsOver() throws Exception {
    DirectoryCursor cursor = new DirectoryCursor(this::page);
    readAll(cursor, 100);
    List<String> again = new ArrayList<>();
    cursor.fill(0, (name, st, next) -> again.add(name));
    assertThat(again).hasSize(names.size() + 2).startsWith(".", "..", "n0");
  }
}
