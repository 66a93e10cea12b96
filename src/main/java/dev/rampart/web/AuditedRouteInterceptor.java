package dev.rampart.web;

import dev.rampart.audit.Activity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Starts the audited action of a route that does not change state (an export) from the
 * handler Spring MVC found, unless {@link ActivityFilter} already started one before the
 * security filters.
 */
@Configuration(proxyBeanMethods = false)
class AuditedRouteInterceptor implements HandlerInterceptor, WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Activity activity = Activity.current();
		if (activity != null && activity.action() == null && handler instanceof HandlerMethod method) {
			ActivityFilter.start(activity, method, request);
		}
		return true;
	}

}
