package io.cairn.client.cli;

import io.cairn.client.CairnClient;
import io.cairn.common.error.CairnException;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Path patterns as hdfs dfs expands them itself (the local shell cannot see Cairn's names): within
 * one path component, {@code *} any run of characters, {@code ?} one character, {@code [abc]},
 * {@code [a-z]} and {@code [^a]} (or {@code [!a]}) a character of a set, {@code {x,y}} one of the
 * alternatives, and {@code \} takes the next character literally (in a path with no pattern too,
 * so {@code \[} names a '['; a name holding '\' is written {@code \\}). A component with none of these is
 * not looked up, so a plain path costs nothing; matches come in name order.
 */
final class Globs {
  private Globs() {}

  /** Whether {@code path} holds a pattern character that is not escaped. */
  static boolean isPattern(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[' || c == '{') {
        return true;
      }
    }
    return false;
  }

  /**
   * The paths {@code pattern} names: itself when it is no pattern (whether or not it exists), else
   * every existing path it matches, possibly none.
   */
  static List<String> expand(CairnClient fs, String pattern) throws CairnException {
    if (!isPattern(pattern) || !pattern.startsWith("/")) {
      // Escapes still stand for the characters they escape: "/x\\[1]" names "/x[1]".
      return List.of(pattern.indexOf('\\') < 0 ? pattern : unescape(pattern));
    }
    List<String> current = List.of("/");
    String[] components = PathStrings.stripTrailingSlash(pattern).substring(1).split("/", -1);
    for (int k = 0; k < components.length; k++) {
      String component = components[k];
      boolean last = k == components.length - 1;
      List<String> next = new ArrayList<>();
      if (!isPattern(component)) {
        String name = unescape(component);
        for (String dir : current) {
          String child = PathStrings.child(dir, name);
          if (last || isDirectory(fs, child)) {
            next.add(child);
          }
        }
      } else {
        Pattern regex;
        try {
          regex = Pattern.compile(toRegex(component));
        } catch (CairnException e) {
          throw CairnException.invalidArgument(pattern + ": not a valid pattern: " + e.getMessage());
        } catch (PatternSyntaxException e) {
          throw CairnException.invalidArgument(pattern + ": not a valid pattern: " + e.getDescription());
        }
        for (String dir : current) {
          for (FileStatus st : fs.list(dir)) {
            String name = PathStrings.name(st.getPath());
            if (regex.matcher(name).matches() && (last || st.getType() == InodeType.DIRECTORY)) {
              next.add(st.getPath());
            }
          }
        }
      }
      current = next;
    }
    // A literal last component is kept only where it exists, as a pattern matches only what exists.
    return isPattern(components[components.length - 1]) ? current
        : current.stream().filter(p -> exists(fs, p)).toList();
  }

  private static boolean isDirectory(CairnClient fs, String path) throws CairnException {
    FileStatus st = fs.getFileInfo(path);
    return st != null && st.getType() == InodeType.DIRECTORY;
  }

  /** True too when the lookup fails: the command then meets the failure on the path and reports it. */
  private static boolean exists(CairnClient fs, String path) {
    try {
      return fs.getFileInfo(path) != null;
    } catch (CairnException e) {
      return true;
    }
  }

  private static String unescape(String component) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == '\\' && i + 1 < component.length()) {
        c = component.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * The regular expression of one component's pattern; an unclosed {@code [} or {@code {}, or a
   * backward range, is refused.
   */
  static String toRegex(String glob) throws CairnException {
    StringBuilder out = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 < glob.length()) {
            out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          } else {
            out.append(Pattern.quote("\\"));
          }
        }
        case '*' -> out.append(".*");
        case '?' -> out.append('.');
        case '{' -> {
          braces++;
          out.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            out.append("\\}");
          } else {
            braces--;
            out.append(')');
          }
        }
        case ',' -> out.append(braces > 0 ? "|" : ",");
        case '[' -> i = appendSet(glob, i, out);
        default -> out.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
      }
    }
    if (braces > 0) {
      throw CairnException.invalidArgument("'{' without its '}'");
    }
    return out.toString();
  }

  /**
   * Appends the set that starts at {@code glob[open]} ('['), with '^' or '!' first for "none of",
   * ranges like {@code a-z}, and '\' taking the next character literally (so {@code \]} and
   * {@code \-} are members); returns the index of its ']'.
   */
  private static int appendSet(String glob, int open, StringBuilder out) throws CairnException {
    List<Character> members = new ArrayList<>();
    List<Boolean> literal = new ArrayList<>();
    int i = open + 1;
    boolean negated = i < glob.length() && (glob.charAt(i) == '^' || glob.charAt(i) == '!');
    if (negated) {
      i++;
    }
    for (; i < glob.length() && glob.charAt(i) != ']'; i++) {
      char c = glob.charAt(i);
      boolean escaped = c == '\\' && i + 1 < glob.length();
      members.add(escaped ? glob.charAt(++i) : c);
      literal.add(escaped);
    }
    if (i >= glob.length()) {
      throw CairnException.invalidArgument("'[' without its ']'");
    }
    if (members.isEmpty()) {
      throw CairnException.invalidArgument("an empty set '[]'");
    }
    out.append('[').append(negated ? "^" : "");
    for (int k = 0; k < members.size(); k++) {
      char c = members.get(k);
      boolean range = !literal.get(k) && c == '-' && k > 0 && k < members.size() - 1;
      if (range) {
        char from = members.get(k - 1);
        char to = members.get(k + 1);
        if (from > to) {
          throw CairnException.invalidArgument("the range " + from + "-" + to
              + " runs backwards");
        }
        out.append('-');
      } else {
        // Inside a regex set only letters and digits are safe bare; everything else is escaped.
        out.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
      }
    }
    out.append(']');
    return i;
  }
}
