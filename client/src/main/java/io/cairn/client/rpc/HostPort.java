package io.cairn.client.rpc;

import io.cairn.common.error.CairnException;

/** A "host:port" address (or "cairn://host:port", as the Java API names a NameNode), validated. */
public record HostPort(String host, int port) {
  private static final String SCHEME = "cairn://";

  public static HostPort parse(String given) throws CairnException {
    if (given == null || given.isBlank()) {
      throw CairnException.invalidArgument("empty NameNode address (expected host:port)");
    }
    String address = given;
    if (address.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      address = address.substring(SCHEME.length());
      address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }
    if (!address.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':'
        || c == '[' || c == ']' || c == '_')) {
      throw CairnException.invalidArgument("NameNode address '" + given + "' is not host:port (or cairn://host:port)");
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw CairnException.invalidArgument("NameNode address '" + address + "' is not host:port");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw CairnException.invalidArgument("NameNode address '" + address + "' has a bad port");
    }
    if (port < 1 || port > 65535) {
      throw CairnException.invalidArgument("NameNode address '" + address + "': port out of range");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
