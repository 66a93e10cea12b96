package dev.rampart.web;

import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web application built from {@code ui/} (in the jar under {@code static/}).
 * Its client-side routes all answer the same {@code index.html}, never cached, so a new
 * release is picked up on the next navigation; the scripts and styles it loads have
 * content hashes in their names and are cached for a year. Only the routes listed here
 * are pages: any other path stays a 404 problem document (as is every page of a build
 * made with {@code -Dskip.ui}). Control C24 (docs/controls.md).
 */
@Configuration(proxyBeanMethods = false)
class WebApplicationPages implements WebMvcConfigurer {

	/**
	 * The web application's routes (see ui/src/app/routes.tsx): every mailed link lands
	 * on one.
	 */
	static final List<String> PAGES = List.of("/", "/signin", "/signup", "/forgot-password", "/reset-password",
			"/verify-email", "/confirm-email-change", "/invitation", "/my-tasks", "/notifications", "/orgs/**",
			"/projects/**", "/tasks/**", "/account/**", "/platform/**");

	/** Static files of the web application anyone may fetch (they hold no data). */
	static final List<String> ASSETS = List.of("/index.html", "/assets/**", "/icons/**", "/manifest.webmanifest",
			"/sw.js", "/favicon.svg", "/robots.txt");

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		for (String page : PAGES) {
			registry.addViewController(page).setViewName("forward:/index.html");
		}
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/assets/**")
			.addResourceLocations("classpath:/static/assets/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
		// The page itself names the hashed files of the current release: never kept.
		registry.addResourceHandler("/index.html")
			.addResourceLocations("classpath:/static/")
			.setCacheControl(CacheControl.noStore());
		// The service worker, manifest and icons keep their names: browsers must check
		// them each time.
		registry.addResourceHandler("/sw.js", "/manifest.webmanifest", "/favicon.svg", "/robots.txt", "/icons/**")
			.addResourceLocations("classpath:/static/")
			.setCacheControl(CacheControl.noCache());
	}

}
