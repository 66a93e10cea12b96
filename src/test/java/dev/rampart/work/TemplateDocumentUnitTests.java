package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.InvalidDocument;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a schema cannot say about a template document (keys, dependencies, cycles,
 * limits), the order its steps are created in, and the dates counted from it.
 */
class TemplateDocumentUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TemplateDocument.Limits LIMITS = new TemplateDocument.Limits(10, 10, 5);

	private static TemplateDocument read(String json) {
		return TemplateDocument.read(JSON.readTree(json.replace('\'', '"')), LIMITS);
	}

	private static List<FieldProblem.Item> problems(String json) {
		try {
			read(json);
		}
		catch (InvalidDocument invalid) {
			return invalid.items();
		}
		throw new AssertionError("accepted: " + json);
	}

	@Test
	void stepsComeAfterWhatTheyDependOnAndTheDocumentRoundTrips() {
		TemplateDocument document = read("{'format':'rampart.process-template/1','name':' Release ','phases':["
				+ "{'name':'A','steps':[{'key':'ship','title':'Ship','dependsOn':['build','test']},"
				+ "{'key':'test','title':'Test','dependsOn':['build']}]},"
				+ "{'name':'B','steps':[{'key':'build','title':'Build','checklist':[' Tag ']}]}]}");
		assertThat(document.name()).as("trimmed").isEqualTo("Release");
		assertThat(document.stepsInDependencyOrder()).extracting(TemplateDocument.Step::key)
			.containsExactly("build", "test", "ship");
		assertThat(document.dependencyCount()).isEqualTo(3);
		assertThat(TemplateDocument.read(document.toJson(), LIMITS)).isEqualTo(document);
		TemplateDocument next = read("{'format':'rampart.process-template/1','name':'Release 2','phases':["
				+ "{'name':'A','steps':[{'key':'ship','title':'Ship it','dependsOn':['build']},"
				+ "{'key':'docs','title':'Docs'}]},{'name':'B','steps':[{'key':'build','title':'Build','checklist':['Tag']}]}]}");
		assertThat(next.changesFrom(document)).isEqualTo("name, 1 step added, 1 step changed, 1 step removed");
		assertThat(document.changesFrom(document)).isEqualTo("nothing changed");
	}

	@Test
	void everyProblemIsNamedByItsPointer() {
		assertThat(problems("{'format':'rampart.process-template/1','name':'X','phases':[{'name':'P','steps':["
				+ "{'key':'a','title':'A','dependsOn':['a']},{'key':'a','title':'Again'},"
				+ "{'key':'b','title':'B','dependsOn':['zzz'],'due':{'workingDays':1,'after':'dependencies'}},"
				+ "{'key':'c','title':'C','due':{'workingDays':1,'after':'dependencies'}}]}]}"))
			.extracting(FieldProblem.Item::field)
			.containsExactlyInAnyOrder("/phases/0/steps/1/key", "/phases/0/steps/0/dependsOn/0",
					"/phases/0/steps/2/dependsOn/0", "/phases/0/steps/3/due/after");
		assertThat(problems("{'format':'rampart.process-template/1','name':'X','phases':[{'name':'P','steps':["
				+ "{'key':'a','title':'A','dependsOn':['b']},{'key':'b','title':'B','dependsOn':['a']}]}]}"))
			.singleElement()
			.satisfies(p -> assertThat(p.reason()).isEqualTo("closes a cycle: a depends on b depends on a"));
	}

	@Test
	void limitsAreConfiguration() {
		StringBuilder steps = new StringBuilder();
		for (int i = 0; i < 11; i++) {
			steps.append(i == 0 ? "" : ",").append("{'key':'s").append(i).append("','title':'S'}");
		}
		assertThat(problems(
				"{'format':'rampart.process-template/1','name':'X','phases':[{'name':'P','steps':[" + steps + "]}]}"))
			.extracting(FieldProblem.Item::reason)
			.anySatisfy(reason -> assertThat(reason).contains("11 steps", "rampart.templates.max-steps"));
		assertThat(problems("{'format':'rampart.process-template/1','name':'X','phases':[{'name':'P','steps':["
				+ "{'key':'a','title':'A','checklist':['1','2','3','4','5','6']}]}]}"))
			.extracting(FieldProblem.Item::field)
			.containsExactly("/phases/0/steps/0/checklist");
	}

	@Test
	void datesCountWorkingDaysFromTheStartOrTheDependencies() {
		TemplateDocument document = read("{'format':'rampart.process-template/1','name':'X','phases':["
				+ "{'name':'P','steps':[{'key':'a','title':'A','due':{'workingDays':2}},"
				+ "{'key':'b','title':'B','dependsOn':['a'],'due':{'workingDays':0,'after':'dependencies'}},"
				+ "{'key':'c','title':'C','dependsOn':['b']}]},{'name':'Q','steps':[]}]}");
		var plan = ProjectsFromTemplates.plan(document, LocalDate.of(2026, 12, 5));
		assertThat(plan.start().get("a")).as("a Saturday start counts from Monday").isEqualTo("2026-12-07");
		assertThat(plan.due().get("a")).isEqualTo("2026-12-09");
		assertThat(plan.due().get("b")).as("due with its dependency").isEqualTo("2026-12-09");
		assertThat(plan.start().get("b")).as("never after its own due date").isEqualTo("2026-12-09");
		assertThat(plan.start().get("c")).as("the working day after its dependency").isEqualTo("2026-12-10");
		assertThat(plan.due().get("c")).isNull();
		assertThat(plan.phaseDue().get(document.phases().get(0))).isEqualTo("2026-12-09");
		assertThat(plan.phaseDue().get(document.phases().get(1))).isNull();
	}

}
