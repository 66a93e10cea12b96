package dev.rampart.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/access-control.md shows the permission table as the code has it. */
class AccessControlDocumentationTests {

	@Test
	void documentedTableIsTheCodesTable() throws IOException {
		String doc = Files.readString(Path.of("docs/access-control.md"));
		String table = doc.substring(doc.indexOf("<!-- permission-table:start -->"),
				doc.indexOf("<!-- permission-table:end -->"));
		Map<String, String> documented = new LinkedHashMap<>();
		table.lines().filter(l -> l.startsWith("| ") && l.contains(":") && !l.startsWith("| role")).forEach(l -> {
			String[] cells = l.split("\\|");
			documented.put(cells[1].strip(), cells[2].strip());
		});
		Map<String, String> actual = new LinkedHashMap<>();
		RolePermissions.table().forEach((role, permissions) -> actual.put(role, actions(permissions)));
		assertThat(documented).isEqualTo(actual);
	}

	private static String actions(Set<Permission> permissions) {
		return permissions.stream().sorted().map(Permission::action).collect(Collectors.joining(", "));
	}

}
