package dev.perch.api.cluster;

import dev.perch.api.http.Exchange;
import dev.perch.api.http.Reply;
import dev.perch.api.http.WireTime;
import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/nodes}: the live nodes as this node sees them (its view of the registry, at most
 * one refresh old), which of them answered, and which owns the caller.
 */
public final class NodesHandler {

  private final Membership membership;

  public NodesHandler(Membership membership) {
    this.membership = membership;
  }

  public Mono<Reply> nodes(Exchange exchange) {
    return Mono.fromSupplier(() -> Reply.ok(new NodesView(membership.self(),
        membership.ring().owner(exchange.caller().value()),
        membership.live().stream().map(NodeView::of).toList())));
  }

  /** {@code self}: the node that answered; {@code yours}: the node that owns the caller. */
  record NodesView(int self, int yours, List<NodeView> nodes) {}

  record NodeView(int id, String address, String startedAt, String lastSeen) {

    static NodeView of(NodeRecord node) {
      return new NodeView(node.id(), node.address(), WireTime.format(node.startedAt()),
          WireTime.format(node.lastSeen()));
    }
  }
}
