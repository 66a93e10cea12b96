package dev.rampart.audit;

import dev.rampart.access.Permission;
import dev.rampart.access.PlatformPermission;
import dev.rampart.shared.Audited;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/**
 * The actions this version of Rampart records: every {@link Audited} route and mutation,
 * and the permissions a refusal is filed under. A filter for anything else is a mistake
 * the caller should hear about (400), not an empty page; an action found only in older
 * entries still counts ({@link AuditLog} asks the log itself before refusing).
 */
@Component
class KnownActions implements SmartInitializingSingleton {

	private final ApplicationContext context;

	private volatile Set<String> names = Set.of();

	KnownActions(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> found = new TreeSet<>();
		Arrays.stream(Permission.values()).map(Permission::action).forEach(found::add);
		Arrays.stream(PlatformPermission.values()).map(PlatformPermission::action).forEach(found::add);
		for (String bean : context.getBeanDefinitionNames()) {
			Class<?> type = context.getType(bean, false);
			if (type == null || !type.getName().startsWith("dev.rampart.")) {
				continue;
			}
			ReflectionUtils.doWithMethods(AopUtils.isAopProxy(type) ? type.getSuperclass() : type, method -> {
				Audited audited = method.getAnnotation(Audited.class);
				if (audited != null) {
					found.add(audited.value());
				}
			});
		}
		names = Set.copyOf(found);
	}

	boolean contains(String action) {
		return names.contains(action);
	}

	/**
	 * What to tell someone who asked for {@code typo}: the nearest known action, or a few
	 * examples.
	 */
	String hint(String typo) {
		String nearest = null;
		int best = Integer.MAX_VALUE;
		for (String name : new TreeSet<>(names)) {
			int distance = distance(typo, name);
			if (distance < best) {
				best = distance;
				nearest = name;
			}
		}
		if (nearest != null && best <= 3) {
			return "did you mean " + nearest + "?";
		}
		return "such as " + String.join(", ",
				new TreeSet<>(names).stream()
					.filter(n -> n.startsWith("task.") || n.startsWith("org.member"))
					.limit(5)
					.toList());
	}

	/**
	 * Levenshtein distance, for short names only (the filter is limited to 100
	 * characters).
	 */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
