package io.cairn.client.rpc;

import io.cairn.common.error.CairnException;

/** A "host:port" address, validated. */
public record HostPort(String host, int port) {
  public static HostPort parse(String address) throws CairnException {
    if (address == null || address.isBlank()) {
      throw CairnException.invalidArgument("empty NameNode address (expected host:port)");
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
