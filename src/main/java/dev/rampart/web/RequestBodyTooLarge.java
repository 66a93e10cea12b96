package dev.rampart.web;

import java.io.IOException;

/**
 * Thrown while reading a request body past {@code rampart.web.max-request-body}; answered
 * with 413.
 */
public final class RequestBodyTooLarge extends IOException {

	private static final long serialVersionUID = 1L;

	RequestBodyTooLarge(long limit) {
		super("the request body is larger than " + limit + " bytes");
	}

}
