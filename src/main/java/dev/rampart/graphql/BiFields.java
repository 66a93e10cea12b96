package dev.rampart.graphql;

import dev.rampart.bi.BiAccess;
import dev.rampart.bi.BiCredential;
import dev.rampart.bi.BiStatus;
import dev.rampart.bi.BiUser;
import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/** Customer BI access: the same service and decisions as REST's. */
@Controller
class BiFields {

	private final BiAccess bi;

	BiFields(BiAccess bi) {
		this.bi = bi;
	}

	record BiConnectionNode(String host, int port, String database, String schema, String sslMode, String jdbcUrl) {
		static @Nullable BiConnectionNode of(BiStatus.@Nullable Connection c) {
			return c == null ? null
					: new BiConnectionNode(c.host(), c.port(), c.database(), c.schema(), c.sslMode(), c.jdbcUrl());
		}
	}

	record BiUserNode(String id, String label, String login, List<String> allowedNetworks, String expiresAt,
			String createdAt, @Nullable String previousLogin, @Nullable String previousLoginRetiresAt) {
		static BiUserNode of(BiUser u) {
			return new BiUserNode(u.id().toString(), u.label(), u.login(), u.allowedNetworks(),
					u.expiresAt().toString(), u.createdAt().toString(), u.previousLogin(),
					u.previousLoginRetiresAt() == null ? null : u.previousLoginRetiresAt().toString());
		}
	}

	record BiProjectionNode(int waitingChanges, @Nullable Double oldestWaitingMillis, @Nullable String projectedAt,
			@Nullable String reconciledAt, @Nullable String lastReconcile, boolean reachable) {
		static @Nullable BiProjectionNode of(BiStatus.@Nullable Projection p) {
			return p == null ? null : new BiProjectionNode(p.waitingChanges(),
					p.oldestWaiting() == null ? null : (double) p.oldestWaiting().toMillis(),
					p.projectedAt() == null ? null : p.projectedAt().toString(),
					p.reconciledAt() == null ? null : p.reconciledAt().toString(), p.lastReconcile(), p.reachable());
		}
	}

	record BiAccessNode(boolean enabled, boolean content, boolean restricted, @Nullable String enabledAt,
			@Nullable BiConnectionNode connection, List<BiUserNode> users, @Nullable BiProjectionNode projection) {
		static BiAccessNode of(BiStatus s) {
			return new BiAccessNode(s.enabled(), s.content(), s.restricted(),
					s.enabledAt() == null ? null : s.enabledAt().toString(), BiConnectionNode.of(s.connection()),
					s.users().stream().map(BiUserNode::of).toList(), BiProjectionNode.of(s.projection()));
		}
	}

	record BiCredentialNode(BiUserNode user, String login, String password) {
		static BiCredentialNode of(BiCredential c) {
			return new BiCredentialNode(BiUserNode.of(c.user()), c.login(), c.password());
		}

		@Override
		public String toString() {
			return "BiCredentialNode[" + login + "]";
		}
	}

	@SchemaMapping(typeName = "Organization")
	BiAccessNode biAccess(OrganizationNode organization, @AuthenticationPrincipal Actor actor) {
		return BiAccessNode.of(bi.status(actor, new OrgId(Inputs.uuid("id", organization.id()))));
	}

	@Audited("bi.enable")
	@MutationMapping
	BiAccessNode enableBiAccess(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument boolean content, @Argument boolean restricted) {
		return BiAccessNode
			.of(bi.enable(actor, GraphQlController.orgId("organizationId", organizationId), content, restricted));
	}

	@Audited("bi.disable")
	@MutationMapping
	boolean disableBiAccess(@AuthenticationPrincipal Actor actor, @Argument String organizationId) {
		bi.disable(actor, GraphQlController.orgId("organizationId", organizationId));
		return true;
	}

	@Audited("bi.user.create")
	@MutationMapping
	BiCredentialNode createBiUser(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String label, @Argument List<String> allowedNetworks, @Argument @Nullable String expiresAt) {
		return BiCredentialNode.of(bi.createUser(actor, GraphQlController.orgId("organizationId", organizationId),
				label, allowedNetworks, instant(expiresAt)));
	}

	@Audited("bi.user.rotate")
	@MutationMapping
	BiCredentialNode rotateBiUser(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String id) {
		return BiCredentialNode
			.of(bi.rotate(actor, GraphQlController.orgId("organizationId", organizationId), Inputs.uuid("id", id)));
	}

	@Audited("bi.user.revoke")
	@MutationMapping
	boolean revokeBiUser(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String id) {
		bi.revoke(actor, GraphQlController.orgId("organizationId", organizationId), Inputs.uuid("id", id));
		return true;
	}

	@Audited("bi.reconcile")
	@MutationMapping
	BiAccessNode reconcileBiProjection(@AuthenticationPrincipal Actor actor, @Argument String organizationId) {
		return BiAccessNode.of(bi.reconcile(actor, GraphQlController.orgId("organizationId", organizationId)));
	}

	private static @Nullable Instant instant(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new dev.rampart.shared.InvalidInput("expiresAt", "an ISO-8601 instant like 2027-03-01T00:00:00Z");
		}
	}

}
