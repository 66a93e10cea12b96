package dev.rampart.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.util.RawValue;

/**
 * JSON that is already written (an entry's canonical request data), placed as is into the
 * JSON readers get: {@code "data": {"title": "..."}}, an object, not a string holding
 * JSON.
 */
record RawJson(String json) {

	@JsonValue
	RawValue raw() {
		return new RawValue(json);
	}

}
