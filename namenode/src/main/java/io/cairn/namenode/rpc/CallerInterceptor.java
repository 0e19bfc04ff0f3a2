package io.cairn.namenode.rpc;

import io.cairn.common.rpc.CallerIdentity;
import io.cairn.namenode.namespace.Caller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/** Turns the {@code cairn-user} header into a {@link Caller} for the call; refuses calls without one. */
public final class CallerInterceptor implements ServerInterceptor {
  static final Context.Key<Caller> CALLER = Context.key("cairn-caller");

  private final String superuser;
  private final String superGroup;
  private final GroupResolver groups;

  public CallerInterceptor(String superuser, String superGroup, GroupResolver groups) {
    this.superuser = superuser;
    this.superGroup = superGroup;
    this.groups = groups;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String user = headers.get(CallerIdentity.USER_HEADER);
    if (!CallerIdentity.isValidName(user)) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          "the request names no valid user (header " + CallerIdentity.USER_HEADER.name() + ")"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Set<String> userGroups = groups.groupsOf(user);
    Caller caller = new Caller(user, userGroups, user.equals(superuser) || userGroups.contains(superGroup));
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }
}
