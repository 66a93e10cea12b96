// Validates manifests rendered by `kubectl kustomize overlays/<env>`:
// 1. against the Kubernetes API schema: kubernetes-models (JSON schemas generated from the
//    Kubernetes OpenAPI document: types, required fields, enumerations) and, for fields the
//    schema does not close, the field lists of @kubernetes/client-node's generated models
//    (a misspelt field such as `replicaz` is an error, as `kubectl --validate=strict` makes it);
// 2. against Rampart's deployment rules (docs/operations.md, "Kubernetes"): three replicas with
//    probes, Pod Security "restricted" on the namespace and in every container, a disruption budget,
//    a default-deny network policy, no Secret values in the repository, a pinned image.
// Usage: node validate.mjs <rendered.yaml> <environment>; exit 0 when valid, 1 with the problems.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as k8s from "@kubernetes/client-node";

const [file, environment] = process.argv.slice(2);
if (!file || !environment) {
  console.error("usage: node validate.mjs <rendered.yaml> <environment>");
  process.exit(2);
}
const namespace = `rampart-${environment}`;
const problems = [];
const documents = parseAllDocuments(readFileSync(file, "utf8"))
  .map((d) => d.toJS())
  .filter((d) => d);

for (const doc of documents) {
  const where = `${doc.kind}/${doc.metadata?.name}`;
  await validateSchema(doc, where);
  walk(doc, clientModel(doc), where);
}
checkRules(documents);

if (problems.length > 0) {
  console.error(`${file}: ${problems.length} problems`);
  problems.forEach((p) => console.error(`  ${p}`));
  process.exit(1);
}
console.log(`${file}: ${documents.length} objects valid for ${environment} (${documents.map((d) => d.kind).join(", ")})`);

async function validateSchema(doc, where) {
  const group = doc.apiVersion.includes("/") ? doc.apiVersion : `${doc.apiVersion}`;
  let model;
  try {
    model = (await import(`kubernetes-models/${group}/${doc.kind}`))[doc.kind];
  } catch {
    problems.push(`${where}: ${doc.apiVersion} ${doc.kind} is not a Kubernetes API type`);
    return;
  }
  try {
    new model(doc).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}

function clientModel(doc) {
  const version = doc.apiVersion.split("/").pop();
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${doc.kind}`;
}

/** Every field must be one the API type has (the schema alone lets unknown fields through). */
function walk(value, type, path) {
  if (value === null || value === undefined) {
    return;
  }
  if (type.startsWith("Array<")) {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, type.slice(6, -1), `${path}[${i}]`));
    }
    return;
  }
  const map = "{ [key: string]: ";
  if (type.startsWith(map)) {
    Object.entries(value).forEach(([key, item]) => walk(item, type.slice(map.length, -3), `${path}.${key}`));
    return;
  }
  const model = k8s[type];
  if (!model || typeof model.getAttributeTypeMap !== "function" || typeof value !== "object" || Array.isArray(value)) {
    return;
  }
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) {
      problems.push(`${path}.${key}: not a field of ${type}`);
    } else {
      walk(item, fields.get(key), `${path}.${key}`);
    }
  }
}

function checkRules(docs) {
  const of = (kind) => docs.filter((d) => d.kind === kind);
  const ns = of("Namespace");
  if (ns.length !== 1 || ns[0].metadata.name !== namespace) {
    problems.push(`rules: exactly one Namespace, named ${namespace}`);
  } else if (ns[0].metadata.labels?.["pod-security.kubernetes.io/enforce"] !== "restricted") {
    problems.push(`rules: Namespace ${namespace} must enforce Pod Security "restricted"`);
  }
  for (const doc of docs) {
    if (doc.kind !== "Namespace" && doc.metadata?.namespace !== namespace) {
      problems.push(`rules: ${doc.kind}/${doc.metadata?.name} must be in namespace ${namespace}`);
    }
    if (doc.kind === "Secret" && (doc.data || doc.stringData)) {
      problems.push(`rules: Secret/${doc.metadata.name} holds values; Secrets are made per environment, outside the repository`);
    }
  }
  const deployments = of("Deployment");
  if (deployments.length !== 1) {
    problems.push("rules: exactly one Deployment");
    return;
  }
  const deployment = deployments[0];
  const pod = deployment.spec.template.spec;
  const labels = deployment.spec.template.metadata?.labels ?? {};
  if ((deployment.spec.replicas ?? 1) < 3) {
    problems.push("rules: the Deployment runs at least 3 replicas");
  }
  if (pod.automountServiceAccountToken !== false) {
    problems.push("rules: no service account token in the pods");
  }
  if (pod.securityContext?.runAsNonRoot !== true || pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") {
    problems.push("rules: the pod runs as non-root with the RuntimeDefault seccomp profile");
  }
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const sc = container.securityContext ?? {};
    const name = `container ${container.name}`;
    if (sc.allowPrivilegeEscalation !== false) problems.push(`rules: ${name}: allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`rules: ${name}: readOnlyRootFilesystem must be true`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`rules: ${name}: must drop ALL capabilities`);
    if (sc.privileged) problems.push(`rules: ${name}: must not be privileged`);
    if (!container.resources?.limits?.memory) problems.push(`rules: ${name}: needs a memory limit`);
    if (!container.image || container.image.endsWith(":latest") || !container.image.includes(":")) {
      problems.push(`rules: ${name}: image must be pinned to a version (overlay images:)`);
    }
  }
  const main = pod.containers.find((c) => c.name === "rampart");
  for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
    if (!main?.[probe]) problems.push(`rules: container rampart needs a ${probe}`);
  }
  const selects = (selector) =>
    selector?.matchLabels && Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v);
  const budgets = of("PodDisruptionBudget").filter((b) => selects(b.spec.selector));
  if (budgets.length !== 1 || !(budgets[0].spec.minAvailable >= 2)) {
    problems.push("rules: one PodDisruptionBudget keeps at least 2 of the pods");
  }
  const policies = of("NetworkPolicy").filter((p) => selects(p.spec.podSelector));
  const types = policies.flatMap((p) => p.spec.policyTypes ?? []);
  if (policies.length === 0 || !types.includes("Ingress") || !types.includes("Egress")) {
    problems.push("rules: a NetworkPolicy restricts both ingress and egress of the pods");
  }
  const claims = new Set(of("PersistentVolumeClaim").map((c) => c.metadata.name));
  for (const volume of pod.volumes ?? []) {
    if (volume.persistentVolumeClaim && !claims.has(volume.persistentVolumeClaim.claimName)) {
      problems.push(`rules: volume ${volume.name} names a PersistentVolumeClaim that is not defined`);
    }
  }
}
