import java.util.ArrayList;
import java.util.List;

/**
 * Starting a project from a large template (bench/templates.sh): the owner imports a
 * template of STEPS steps in 10 phases (each with a three-item checklist, a role, an
 * estimate and a due date counted from its dependencies) with DEPENDENCIES dependencies
 * (a chain through every step plus jumps back seven steps), publishes it, then starts RUNS
 * projects from it, one after another, each one transaction on the server; prints p50, p99
 * and max of the whole HTTPS request. Uses bench/Board.java's client (run with a JDK that
 * launches several source files, 22 or newer). Args: home baseUrl ownerToken org steps
 * dependencies runs.
 */
public class Templates {

	public static void main(String[] args) throws Exception {
		Board.connect(args[0], args[1]);
		String owner = args[2];
		String org = args[3];
		int steps = Integer.parseInt(args[4]);
		int dependencies = Integer.parseInt(args[5]);
		int runs = Integer.parseInt(args[6]);

		List<List<String>> dependsOn = new ArrayList<>();
		for (int i = 0; i < steps; i++) {
			dependsOn.add(new ArrayList<>());
		}
		int made = 0;
		for (int i = 1; i < steps && made < dependencies; i++, made++) {
			dependsOn.get(i).add("s" + (i - 1));
		}
		for (int i = 7; i < steps && made < dependencies; i++, made++) {
			dependsOn.get(i).add("s" + (i - 7));
		}
		StringBuilder document = new StringBuilder(
				"{\"format\":\"rampart.process-template/1\",\"name\":\"Bench process\",\"phases\":[");
		int perPhase = (steps + 9) / 10;
		for (int phase = 0; phase * perPhase < steps; phase++) {
			document.append(phase == 0 ? "" : ",").append("{\"name\":\"Phase ").append(phase + 1).append("\",\"steps\":[");
			for (int i = phase * perPhase; i < Math.min(steps, (phase + 1) * perPhase); i++) {
				document.append(i == phase * perPhase ? "" : ",")
					.append("{\"key\":\"s")
					.append(i)
					.append("\",\"title\":\"Step ")
					.append(i)
					.append("\",\"instructions\":\"Do **step ")
					.append(i)
					.append("** carefully.\",\"checklist\":[\"Prepare\",\"Do\",\"Check\"],\"role\":\"")
					.append(i % 2 == 0 ? "manager" : "contributor")
					.append("\",\"estimateMinutes\":")
					.append(30 + i % 5 * 30)
					.append(",\"due\":{\"workingDays\":")
					.append(1 + i % 3)
					.append(",\"after\":\"")
					.append(i == 0 ? "projectStart" : "dependencies")
					.append("\"},\"dependsOn\":[");
				List<String> deps = dependsOn.get(i);
				for (int d = 0; d < deps.size(); d++) {
					document.append(d == 0 ? "" : ",").append('"').append(deps.get(d)).append('"');
				}
				document.append("]}");
			}
			document.append("]}");
		}
		document.append("]}");
		String template = Board.field(Board.send("POST", "/api/v1/orgs/" + org + "/templates", owner,
				document.toString()), "id");
		Board.send("POST", "/api/v1/templates/" + template + "/publish", owner, null);
		System.out.printf("template: %d steps, %d dependencies, %d KiB%n", steps, made, document.length() / 1024);

		long[] nanos = new long[runs];
		String answer = "";
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			answer = Board.send("POST", "/api/v1/orgs/" + org + "/projects/from-template", owner,
					"{\"templateId\":\"" + template + "\",\"version\":1,\"name\":\"Bench run " + i
							+ "\",\"startDate\":\"2026-12-07\"}");
			nanos[i] = System.nanoTime() - started;
		}
		System.out.println("last answer: " + answer.replaceAll(".*(\"milestones\".*)", "$1"));
		Board.print("start a project from the template (one transaction)", nanos);
	}

}
