package io.cairn.client.cli;

import io.cairn.common.error.CairnException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A chmod mode: octal, or symbolic clauses such as {@code u+x,go-w,a=rX,+t}. */
final class ModeSpec {
  private static final Pattern OCTAL = Pattern.compile("[0-7]{1,4}");
  private static final Pattern CLAUSE = Pattern.compile("([ugoa]*)([+\\-=])([rwxXt]*)");

  private final Integer octal;
  private final List<Matcher> clauses;

  private ModeSpec(Integer octal, List<Matcher> clauses) {
    this.octal = octal;
    this.clauses = clauses;
  }

  static ModeSpec parse(String text) throws CairnException {
    if (OCTAL.matcher(text).matches()) {
      return new ModeSpec(Integer.parseInt(text, 8), List.of());
    }
    List<Matcher> clauses = new ArrayList<>();
    for (String clause : text.split(",", -1)) {
      Matcher m = CLAUSE.matcher(clause);
      if (!m.matches()) {
        throw CairnException.invalidArgument("invalid mode '" + text + "' (octal like 755, or like u+x,go-w)");
      }
      clauses.add(m);
    }
    return new ModeSpec(null, clauses);
  }

  int apply(int current, boolean directory) {
    if (octal != null) {
      return octal;
    }
    int mode = current;
    for (Matcher m : clauses) {
      String who = m.group(1).isEmpty() ? "a" : m.group(1);
      int mask = 0;
      for (char w : who.toCharArray()) {
        mask |= switch (w) {
          case 'u' -> 0700;
          case 'g' -> 070;
          case 'o' -> 07;
          default -> 0777;
        };
      }
      int bits = 0;
      boolean sticky = false;
      for (char p : m.group(3).toCharArray()) {
        switch (p) {
          case 'r' -> bits |= 0444;
          case 'w' -> bits |= 0222;
          case 'x' -> bits |= 0111;
          case 'X' -> bits |= (directory || (current & 0111) != 0) ? 0111 : 0;
          default -> sticky = true;
        }
      }
      bits &= mask;
      int stickyBit = sticky ? 01000 : 0;
      mode = switch (m.group(2)) {
        case "+" -> mode | bits | stickyBit;
        case "-" -> mode & ~bits & ~stickyBit;
        default -> (mode & ~mask & ~(sticky ? 01000 : 0)) | bits | stickyBit;
      };
    }
    return mode;
  }
}
