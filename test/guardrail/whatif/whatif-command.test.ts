// `imageguard whatif` on files: the report as text and JSON, exit codes, bad trail lines reported by
// line number, and the options it refuses.
import { describe, expect, it } from "vitest";
import { parseTrailLines } from "../../../src/guardrail/index.js";
import { runCli } from "../../cli/run-cli.js";
import { GOLDEN_TAGS, PROD_APP, PROD_DATA, fixture, launch } from "./events.js";

const alice = { user: "alice", account: PROD_APP };
const carol = { user: "carol", account: PROD_DATA };
const ORG = "org.yaml";
const POLICY = "deny-untagged-launch.json";
const TRAIL = "trail.jsonl";

function files(trail: string): Record<string, string> {
  return { [ORG]: fixture("seed-org.yaml"), [POLICY]: fixture("deny-untagged-launch.json"), [TRAIL]: trail };
}

const lines = (...events: object[]) => events.map((e) => `${JSON.stringify(e)}\n`).join("");

const TRAIL_TEXT = lines(
  launch(alice, "m-untagged1", {}, { id: "alice-1" }),
  launch(alice, "m-golden", GOLDEN_TAGS, { id: "alice-golden" }),
  launch(carol, "m-untagged1", {}, { id: "carol-1" }),
  launch({ user: "mallory", account: PROD_APP }, "m-untagged1", {}, { id: "stranger" }),
);

const whatif = (...extra: string[]) => [
  "whatif",
  "--policy",
  POLICY,
  "--attach-to",
  "Production",
  "--org",
  ORG,
  "--trail",
  TRAIL,
  ...extra,
];

describe("imageguard whatif", () => {
  it("prints the changes grouped, every changed call, and the calls it could not replay; exit 2", async () => {
    const run = await runCli(whatif(), files(TRAIL_TEXT));

    expect(run.err).toBe("");
    expect(run.code).toBe(2);
    expect(run.out).toContain(
      "what-if: control policy `deny-untagged-launch` attached to folder Production (fd-prod), reaching 6 principals of the organisation\n" +
        "trail.jsonl: 4 calls, 3 replayed: 2 would change, 1 would not; 1 not replayed\n" +
        "\n" +
        "would change:\n" +
        "  2 launches from untagged images by 2 users would be denied\n" +
        "\n" +
        "by principal:\n" +
        "  `acs:ram::1111111111111111:user/alice`: 1 launch would be denied (image m-untagged1)\n" +
        "  `acs:ram::2222222222222222:user/carol`: 1 launch would be denied (image m-untagged1)\n" +
        "\n" +
        "by image:\n" +
        "  `m-untagged1` (untagged): 2 launches by 2 users would be denied\n",
    );
    expect(run.out).toMatch(
      /RunInstances \(ecs:RunInstances\) {2}acs:ram::1111111111111111:user\/alice {2}image m-untagged1\n {4}Allow by AccountLevelIdentityBasedPolicy `AdministratorAccess` v1 Statement\[0\] → ExplicitDeny by ControlPolicy `deny-untagged-launch` proposed at folder Production \(fd-prod\) Statement\[0\] \(Sid DenyLaunchWithoutEnvironmentProduction\)\n {4}event alice-1, request req-alice-1\n/,
    );
    expect(run.out).toContain(
      "not replayed (1):\n  unknown-principal: `acs:ram::1111111111111111:user/mallory` is not in the organisation (1 call)\n",
    );
  });

  it("gives the whole report as JSON", async () => {
    const run = await runCli([...whatif(), "--json"], files(TRAIL_TEXT));

    expect(run.code).toBe(2);
    const report = JSON.parse(run.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: true,
      trail: TRAIL,
      totals: { events: 4, replayed: 3, changed: 2, unchanged: 1, notReplayed: 1 },
      summary: [
        {
          summary: "2 launches from untagged images by 2 users would be denied",
          eventIds: ["alice-1", "carol-1"],
        },
      ],
      notReplayed: { byReason: { "unknown-principal": 1 }, calls: [{ eventId: "stranger" }] },
      problems: [],
    });
  });

  it("exits 0 when nothing would change", async () => {
    const run = await runCli(whatif(), files(lines(launch(alice, "m-golden", GOLDEN_TAGS))));

    expect(run.code).toBe(0);
    expect(run.out).toContain("no call's decision would change");
  });

  it("reports every bad line of the trail by its number and replays the rest", async () => {
    const trail = `${lines(launch(alice, "m-untagged1", {}, { id: "alice-1" }))}{"eventId": "torn\n[1, 2]\n\n`;

    const run = await runCli(whatif(), files(trail));

    expect(run.code).toBe(2);
    expect(run.err).toContain("warning[invalid-trail-line]: line 2 is not JSON");
    expect(run.err).toContain("--> trail.jsonl:2:1");
    expect(run.err).toContain(
      "warning[invalid-trail-line]: line 3 is not an event: a JSON object was expected",
    );
    expect(run.out).toContain("trail.jsonl: 1 call, 1 replayed: 1 would change");
  });

  it("keeps only calls at or after --since", async () => {
    const trail = lines(launch(alice, "m-untagged1", {}, { id: "old" }), {
      ...launch(alice, "m-untagged1", {}, { id: "new" }),
      eventTime: "2030-01-01T00:00:00.000Z",
    });

    const run = await runCli([...whatif("--since", "2029-12-31T00:00:00Z"), "--json"], files(trail));

    expect((JSON.parse(run.out) as { changed: { eventId: string }[] }).changed.map((c) => c.eventId)).toEqual(
      ["new"],
    );
  });

  it("takes a RAM policy for a user, group or role, and infers the kind from the target", async () => {
    const run = await runCli(
      [
        "whatif",
        "--policy",
        POLICY,
        "--attach-to",
        `${PROD_APP}:user/alice`,
        "--org",
        ORG,
        "--trail",
        TRAIL,
        "--json",
      ],
      files(TRAIL_TEXT),
    );

    expect(run.code).toBe(2);
    expect(JSON.parse(run.out)).toMatchObject({
      proposed: { kind: "ram", target: `user/alice in ${PROD_APP}` },
      changed: [
        { eventId: "alice-1", after: { decidedBy: { policyType: "AccountLevelIdentityBasedPolicy" } } },
      ],
    });
  });

  it("reads today's policies from the connected cloud without --org, and says so when none can be reached", async () => {
    // Against a running cloud: test/cli/whatif-cloud.test.ts.
    const run = await runCli(
      [
        "whatif",
        "--policy",
        POLICY,
        "--attach-to",
        "Production",
        "--trail",
        TRAIL,
        "--config",
        "no-such.json",
      ],
      files(""),
    );

    expect(run.code).toBe(1);
    expect(run.err).toContain("error: the config file `no-such.json` does not exist");
  });

  it("refuses a kind that does not fit the target, and a target that is not there", async () => {
    const mismatch = await runCli([...whatif(), "--kind", "ram"], files(TRAIL_TEXT));
    const unknown = await runCli(
      ["whatif", "--policy", POLICY, "--attach-to", "Staging", "--org", ORG, "--trail", TRAIL],
      files(TRAIL_TEXT),
    );
    const missing = await runCli(["whatif", "--org", ORG], files(TRAIL_TEXT));

    expect([mismatch.code, mismatch.err]).toEqual([
      1,
      expect.stringContaining("`--kind ram` does not fit `--attach-to Production`"),
    ]);
    expect([unknown.code, unknown.err]).toEqual([
      1,
      expect.stringContaining("no resource directory node `Staging`"),
    ]);
    expect([missing.code, missing.err]).toEqual([
      1,
      expect.stringContaining("needs `--policy FILE` and `--attach-to TARGET`"),
    ]);
  });

  it("reports an invalid policy or organisation with its position", async () => {
    const badPolicy = await runCli(whatif(), {
      ...files(TRAIL_TEXT),
      [POLICY]: '{ "Version": "2", "Statement": [] }',
    });
    const badOrg = await runCli(whatif(), { ...files(TRAIL_TEXT), [ORG]: "principals: []\n" });

    expect(badPolicy.code).toBe(1);
    expect(badPolicy.err).toMatch(/deny-untagged-launch\.json:1:\d+/);
    expect(badOrg.code).toBe(1);
    expect(badOrg.err).toContain("`principals` must be a non-empty list");
  });

  it("explains a trail store that is not there", async () => {
    const run = await runCli(
      [
        "whatif",
        "--policy",
        POLICY,
        "--attach-to",
        "Production",
        "--org",
        ORG,
        "--data",
        "/nonexistent/imageguard",
      ],
      files(""),
    );

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error: /);
  });
});

describe("parseTrailLines", () => {
  it("reads one event per line, skips blank lines, and places every bad line", () => {
    const { events, problems } = parseTrailLines('{"eventId":"a"}\r\n\n  nope\n"text"\n{"eventId":"b"}');

    expect(events).toEqual([{ eventId: "a" }, { eventId: "b" }]);
    expect(problems.map((p) => [p.line, p.column, p.severity])).toEqual([
      [3, 3, "warning"],
      [4, 1, "warning"],
    ]);
    expect(problems[0]?.message).toMatch(/^line 3 is not JSON: unexpected token/);
    expect(problems[1]?.message).toBe("line 4 is not an event: a JSON object was expected");
  });
});
