package dev.rampart.web;

import dev.rampart.audit.Activity;
import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands each audited request's body (as read, before validation) to its activity, which
 * records it through the log's allow-list filter. Bodies that cannot be read are not
 * recorded.
 */
@ControllerAdvice
class AuditedBodyAdvice extends RequestBodyAdviceAdapter {

	private final JsonMapper json;

	AuditedBodyAdvice(JsonMapper json) {
		this.json = json;
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		Activity activity = Activity.current();
		Activity.Action action = activity == null ? null : activity.action();
		if (action != null) {
			Object tree = json.convertValue(body, Object.class);
			if (tree instanceof Map<?, ?> fields) {
				@SuppressWarnings("unchecked")
				Map<String, Object> data = (Map<String, Object>) fields;
				action.addData(data);
			}
		}
		return body;
	}

}
