// Options that contradict each other, or a window that can hold nothing, are refused with the fix:
// silently picking one, or exporting nothing with exit 0, looks like a clean result.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imageguard-option-conflicts-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("scan --json --format", () => {
  it("Given --json with --format csv, refuses the pair instead of picking one: exit 1", async () => {
    const run = await runCli(["scan", "--spec", "examples/imageguard.yaml", "--json", "--format", "csv"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("error: `--json` conflicts with `--format csv`");
    expect(run.err).toContain("= help: give one of them: `--format csv`, or `--json`");
  });
});

describe("trail export --since --until", () => {
  it.each([
    ["1h", "2h"],
    ["2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"],
    ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
  ])("Given --since %s --until %s, a window that holds nothing, refuses it: exit 1", async (since, until) => {
    const run = await runCli(["trail", "export", "--data", dir, "--since", since, "--until", until]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`error: \`--until ${until}\``);
    expect(run.err).toContain(`is not after \`--since ${since}\``);
    expect(run.out).toBe("");
  });
});

describe("cloud options when nothing is read from the cloud", () => {
  it("Given policy analyze --scenario with cloud options, names each in its own order and refuses: exit 1", async () => {
    const run = await runCli(
      ["policy", "analyze", "--scenario", "org.yaml", "--account", "a", "--region", "r", "--save-org", "s"],
      { "org.yaml": "" },
    );
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "error: `--save-org`, `--account`, `--region` read the connected cloud, and `--scenario` gives the organisation as a file\n" +
        "  = help: leave out `--scenario` to analyse the connected cloud's organisation, or leave out the cloud options\n",
    );
  });

  it("Given whatif with the organisation and the calls as files, refuses --profile and --no-root: exit 1", async () => {
    const run = await runCli([
      "whatif",
      "--policy",
      "p.json",
      "--attach-to",
      "Root",
      "--org",
      "org.yaml",
      "--data",
      dir,
      "--no-root",
      "--profile",
      "p",
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "error: `--profile`, `--no-root` read the connected cloud, and both the organisation (`--org`) and the calls (`--data`) come from files\n" +
        "  = help: leave out `--org` or the trail option to read that from the connected cloud, or leave out the cloud options\n",
    );
  });
});
