// Policy engine benchmark: whole-chain decisions (control policies on a five-level Resource
// Directory path, then identity policies of a user and its groups) for a realistic organisation, with
// imageguard's compiled fast path and with Cedar (@cedar-policy/cedar-wasm) deciding the same
// requests. Run: `npm run bench:policy`. Method and figures: bench/README.md.
import { cpus, loadavg, platform, release } from "node:os";
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import type { AuthorizationAnswer, Context, EntityJson } from "@cedar-policy/cedar-wasm/nodejs";
import { authorize, buildScenario, compileChain, makeContext } from "../../src/policy/index.js";
import type { AuthRequest, Decision } from "../../src/policy/index.js";
import { cedarContext, translateOrg } from "./cedar-translate.js";
import { measure, timerOverheadNs } from "./measure.js";
import type { Measurement } from "./measure.js";
import { ACTIONS, ORG, requestMix, toScenario } from "./org.js";
import type { PolicyDoc } from "./org.js";

const MIX_SIZE = 1000;
const FULL_ALIYUN_ACCESS_DOC: PolicyDoc = {
  Version: "1",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
const quick = process.argv.includes("--quick");

function line(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** The 1 / 5 / 15 minute load averages: how busy the machine was while measuring. */
function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

function fmtRate(perSecond: number): string {
  return perSecond >= 1e6
    ? `${(perSecond / 1e6).toFixed(2)} M/s`
    : `${Math.round(perSecond).toLocaleString("en-US")} /s`;
}

function fmtNs(ns: number): string {
  return ns >= 1e6
    ? `${(ns / 1e6).toFixed(2)} ms`
    : ns >= 1e3
      ? `${(ns / 1e3).toFixed(2)} µs`
      : `${Math.round(ns)} ns`;
}

// ---------------------------------------------------------------------------------------------
// The world, for imageguard

const mix = requestMix(MIX_SIZE);
const built = buildScenario(toScenario(ORG, mix[0] as (typeof mix)[number]));
if (!built.ok) {
  line("the benchmark organisation does not build as a scenario:");
  for (const p of built.problems) line(`  ${p.code} ${p.path}: ${p.message}`);
  process.exit(1);
}
const compiled = compileChain(built.scenario.chain);
const requests: AuthRequest[] = mix.map((r) => ({
  action: r.action,
  resources: r.resources,
  context: makeContext(r.context),
}));

const controlStatements = ORG.nodes.reduce(
  (sum, n) =>
    sum + 1 + n.attach.reduce((s, name) => s + (ORG.controlPolicies[name]?.Statement.length ?? 0), 0),
  0,
);
const identityNames = [...ORG.user.policies, ...Object.values(ORG.user.groups).flat()];
const identityStatements = identityNames.reduce(
  (sum, name) => sum + (ORG.identityPolicies[name]?.Statement.length ?? 0),
  0,
);
const conditioned = identityNames.reduce(
  (sum, name) =>
    sum + (ORG.identityPolicies[name]?.Statement.filter((s) => s.Condition !== undefined).length ?? 0),
  0,
);

// ---------------------------------------------------------------------------------------------
// The same world, in Cedar

const world = translateOrg(ORG, ACTIONS, FULL_ALIYUN_ACCESS_DOC);
const parsed = cedar.preparsePolicySet("imageguard-bench", { staticPolicies: world.policies });
if (parsed.type !== "success") {
  line("the Cedar translation does not parse:");
  for (const e of parsed.errors) line(`  ${e.message}`);
  process.exit(1);
}
const entities = world.entities as EntityJson[];
const resource = { type: "Resource", id: "check" };
const cedarCalls = mix.map((r) => ({
  principal: world.principal,
  action: { type: "Action", id: r.action },
  resource,
  context: cedarContext(r) as Context,
  entities,
  preparsedPolicySetId: "imageguard-bench",
}));

// ---------------------------------------------------------------------------------------------
// Agreement: Allow ⇔ allow; ExplicitDeny ⇔ deny by a forbid (and the statement imageguard names is
// among Cedar's reasons); ImplicitDeny ⇔ deny with no policy responsible.

function cedarIdOf(decision: Decision): string | undefined {
  const by = decision.decidedBy;
  if (decision.result !== "ExplicitDeny" || by.statementIndex === undefined) return undefined;
  return by.policyType === "ControlPolicy"
    ? `control/${by.rdNode?.id ?? "?"}/${by.policyName ?? "?"}/${by.statementIndex}`
    : `identity/${by.policyName ?? "?"}/${by.statementIndex}`;
}

let agree = 0;
let cedarErrors = 0;
const disagreements: string[] = [];
const outcomes = new Map<string, number>();
mix.forEach((raw, i) => {
  const ours = authorize(compiled, requests[i] as AuthRequest);
  const by = ours.decidedBy;
  const where =
    ours.result === "Allow"
      ? ""
      : by.policyType === "ControlPolicy"
        ? ` at ${by.rdNode?.type ?? "?"} ${by.rdNode?.name ?? "?"}${by.policyName === undefined ? "" : ` (${by.policyName})`}`
        : ` by ${by.policyType}${by.policyName === undefined ? "" : ` (${by.policyName})`}`;
  const outcome = `${ours.result}${where}`;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

  const answer: AuthorizationAnswer = cedar.statefulIsAuthorized(
    cedarCalls[i] as (typeof cedarCalls)[number],
  );
  if (answer.type !== "success") {
    cedarErrors++;
    disagreements.push(`${raw.label}: cedar failed: ${answer.errors.map((e) => e.message).join("; ")}`);
    return;
  }
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) cedarErrors++;
  const cedarResult =
    decision === "allow" ? "Allow" : diagnostics.reason.length > 0 ? "ExplicitDeny" : "ImplicitDeny";
  const id = cedarIdOf(ours);
  if (cedarResult === ours.result && (id === undefined || diagnostics.reason.includes(id))) agree++;
  else if (disagreements.length < 10) {
    disagreements.push(
      `${raw.label}: imageguard ${outcome}, cedar ${cedarResult} [${diagnostics.reason.join(", ")}]`,
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Report

line("imageguard policy engine benchmark");
line(`date     ${new Date().toISOString()}`);
line(
  `machine  ${cpus()[0]?.model ?? "unknown cpu"} (${cpus().length} logical cores), ${platform()} ${release()}`,
);
line(`load     ${loadText()} (1 / 5 / 15 min load average at start)`);
line(
  `node     ${process.version}; cedar ${cedar.getCedarVersion()} (@cedar-policy/cedar-wasm, nodejs build)`,
);
line();
line("organisation");
line(`  Resource Directory path: ${ORG.nodes.map((n) => `${n.type} ${n.name}`).join(" → ")}`);
line(
  `  control policies: FullAliyunAccess + 2 custom (Deny-form, conditions) per node = ${controlStatements} statements`,
);
line(
  `  RAM user ${ORG.user.name}: ${ORG.user.policies.length} policies + ${Object.keys(ORG.user.groups).length} groups × 5 policies = ` +
    `${identityNames.length} policies, ${identityStatements} statements (${conditioned} with conditions)`,
);
line(`  Cedar translation: ${Object.keys(world.policies).length} policies, ${entities.length} entities`);
line();
line(`request mix: ${MIX_SIZE} distinct requests, cycled`);
for (const [outcome, count] of [...outcomes.entries()].sort((a, b) => b[1] - a[1])) {
  line(`  ${String(count).padStart(4)}  ${outcome}`);
}
line();
line(
  `agreement with Cedar: ${agree}/${MIX_SIZE} decisions${cedarErrors > 0 ? `, ${cedarErrors} Cedar errors` : ""}`,
);
for (const d of disagreements) line(`  ${d}`);
line();

const options = quick
  ? { warmupMs: 300, runs: 3, runMs: 300, batch: 1000, samples: 20_000 }
  : { warmupMs: 2000, runs: 7, runMs: 1000, batch: 1000, samples: 200_000 };
const cedarOptions = quick
  ? { warmupMs: 300, runs: 3, runMs: 300, batch: 100, samples: 500 }
  : { warmupMs: 2000, runs: 7, runMs: 1000, batch: 100, samples: 1000 };

line(`timer overhead (one hrtime.bigint pair): ${fmtNs(timerOverheadNs())}, included in the latency figures`);
line(`measuring imageguard (compileChain once, authorize per request, no explain) …`);
const ours = measure(
  (i) => authorize(compiled, requests[i % MIX_SIZE] as AuthRequest).result.length,
  options,
);
line(`measuring Cedar (preparsed policy set, statefulIsAuthorized per request) …`);
const theirs = measure(
  (i) => cedar.statefulIsAuthorized(cedarCalls[i % MIX_SIZE] as (typeof cedarCalls)[number]).type.length,
  cedarOptions,
);

// Cedar's floor: the same calls against an empty policy set, i.e. the cost of crossing into wasm
// with the request, entities and context, before any policy is evaluated.
cedar.preparsePolicySet("empty", { staticPolicies: {} });
const emptyCalls = cedarCalls.map((call) => ({ ...call, preparsedPolicySetId: "empty" }));
line(`measuring Cedar with an empty policy set (call overhead floor) …`);
const floor = measure(
  (i) => cedar.statefulIsAuthorized(emptyCalls[i % MIX_SIZE] as (typeof emptyCalls)[number]).type.length,
  cedarOptions,
);

const row = (name: string, m: Measurement): string =>
  `| ${name} | ${fmtRate(m.decisionsPerSecond)} | ${fmtNs(m.p50Ns)} | ${fmtNs(m.p99Ns)} | ${fmtRate(Math.min(...m.runs))} – ${fmtRate(Math.max(...m.runs))} |`;
line();
line("| engine | throughput (median) | p50 latency | p99 latency | throughput range over runs |");
line("|---|---|---|---|---|");
line(row("imageguard `authorize`", ours));
line(row("Cedar `statefulIsAuthorized`", theirs));
line(row("Cedar, empty policy set (floor)", floor));
line();
const ratio = ours.decisionsPerSecond / theirs.decisionsPerSecond;
line(`imageguard / Cedar throughput: ${ratio.toFixed(1)}x`);
line(
  `targets: ≥1,000,000 decisions/s ${ours.decisionsPerSecond >= 1e6 ? "met" : "NOT met"}; ≥10x Cedar ${ratio >= 10 ? "met" : "NOT met"}; ` +
    `agreement ${agree === MIX_SIZE ? "complete" : "INCOMPLETE"}`,
);
line(`load     ${loadText()} at the end`);
line(`(checksums ${ours.checksum} ${theirs.checksum} ${floor.checksum})`);
if (agree !== MIX_SIZE) process.exitCode = 1;
