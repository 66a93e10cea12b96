package dev.rampart.work;

import dev.rampart.shared.OrgId;

/**
 * An organization was deleted, with all its projects, tasks, comments and files.
 * Published in the deleting transaction; listeners that act after commit
 * (crypto-shredding) are held to it by the event publication registry.
 */
public record OrganizationDeleted(OrgId org) {
}
