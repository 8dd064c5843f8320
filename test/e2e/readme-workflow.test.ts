// README.md's "Daily workflow", run as its reader runs it: `npm start` in one terminal (the same
// command line, from package.json, with a free port instead of 8930, in a fresh directory), and
// every command of the section's block pasted into a second terminal in the same directory, in
// order. Each must exit as the README says and ask for confirmation exactly where it says "type
// `yes`" (answered `yes`, as the reader would). A README that drifts from the commands fails here.
import { spawn, type ChildProcess } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/index.js";
import { readmeWorkflow, type ReadmeCommand } from "./lifecycle/readme-commands.js";
import { REPO } from "../cli/run-cli.js";

const SEED_TIMEOUT = 240_000;

let cwd: string;
let server: ChildProcess;
let serverOutput = "";
let commands: ReadmeCommand[];

/** `npm start`'s command line from package.json, on port 0 (the README's commands never name the port). */
async function npmStart(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const words = manifest.scripts.start.split(/\s+/);
  if (words[0] !== "node" || words[1] !== "bin/imageguard.js" || words[2] !== "serve") {
    throw new Error(`npm start is no longer \`node bin/imageguard.js serve …\`: ${manifest.scripts.start}`);
  }
  return [resolve(REPO, "bin/imageguard.js"), ...words.slice(2), "--port", "0"];
}

async function waitForEndpoint(file: string): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`npm start exited (${server.exitCode}):\n${serverOutput}`);
    try {
      await access(file);
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

beforeAll(async () => {
  commands = readmeWorkflow(await readFile(join(REPO, "README.md"), "utf8"));
  cwd = await mkdtemp(join(tmpdir(), "imageguard-readme-"));
  server = spawn(process.execPath, await npmStart(), { cwd, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout?.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
  // `serve` writes endpoint.json once the demo is seeded and the cloud listens.
  await waitForEndpoint(join(cwd, ".imageguard", "endpoint.json"));
}, SEED_TIMEOUT);

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((done) => server.once("exit", done));
    server.kill("SIGTERM");
    await exited;
  }
  if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
});

describe("README.md, Daily workflow", () => {
  it("reads as the workflow the issue asks for: spec, plan, apply, scan, remediate, what-if", () => {
    const verbs = commands.map((command) => command.args.slice(0, 2).join(" "));
    expect(verbs).toEqual(
      expect.arrayContaining([
        "guardrail validate",
        "guardrail plan",
        "guardrail apply",
        "guardrail status",
        "policy analyze",
        "scan --spec",
        "remediate --spec",
        "trail export",
        "whatif --policy",
      ]),
    );
    expect(commands.some((c) => c.args.includes("html"))).toBe(true);
    expect(commands.some((c) => c.args[0] === "remediate" && c.args.includes("--apply"))).toBe(true);
  });

  it(
    "every command, pasted in order after npm start, exits as the README says",
    async () => {
      const ran: { command: ReadmeCommand; out: string }[] = [];
      for (const command of commands) {
        let out = "";
        let err = "";
        const asked: string[] = [];
        const io: CliIo = {
          out: (text) => void (out += text),
          err: (text) => void (err += text),
          readFile: (path) => readFile(resolve(cwd, path), "utf8"),
          cwd,
          prompt: (question) => {
            asked.push(question);
            return Promise.resolve("yes");
          },
        };
        const code = await main(["node", "imageguard", ...command.args], io);
        const where = `README.md:${command.line}: ${command.text}\n${out.slice(-2000)}\n${err.slice(-2000)}`;
        expect(code, where).toBe(command.exit);
        expect(asked.length > 0, `${where}\nasked: ${asked.join(" | ")}`).toBe(command.asks);
        expect(err, where).not.toMatch(/unexpected failure|this is a bug in imageguard/);
        ran.push({ command, out });
      }
      expect(ran).toHaveLength(commands.length);
      // What the comments claim of the demo: the last scan leaves one finding in an enforce scope
      // (payments-worker), and each what-if finds dev-playground's two untagged launches.
      const outputs = (verb: string) => ran.filter((r) => r.command.args[0] === verb).map((r) => r.out);
      expect(outputs("scan").at(-1)).toMatch(/\(1 in enforce scopes\)/);
      expect(outputs("scan").at(-1)).toMatch(/\(legacy-web\) .* compliant/);
      for (const out of outputs("whatif")) expect(out).toContain(": 2 would change,");
      // What the commands left behind, where the README says.
      expect(await readFile(join(cwd, "report.html"), "utf8")).toMatch(/^<!doctype html>/i);
      expect(JSON.parse(await readFile(join(cwd, "remediation.json"), "utf8"))).toMatchObject({
        format: "imageguard.remediation-plan",
      });
      await access(join(cwd, ".imageguard", "findings.db"));
    },
    SEED_TIMEOUT,
  );
});
