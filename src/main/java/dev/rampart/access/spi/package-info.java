/**
 * What the access module asks of the modules that depend on it, each a narrow interface
 * they implement: the people a decision names (identity) and the holders of a project
 * role (work). The access module depends on nothing that depends on it.
 */
@NamedInterface("spi")
@NullMarked
package dev.rampart.access.spi;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
