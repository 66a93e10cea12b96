package dev.rampart.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the action a REST handler or GraphQL mutation performs ("task.create"), as the
 * activity log records it. Every state-changing endpoint carries one (an architecture
 * test checks), and REST and GraphQL use the same names for the same action.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

	String value();

}
