// What `npm start` runs, as a child process: `imageguard serve --seed demo` on a fresh data
// directory prints the listening line, then the organisation and its personas; the printed keys
// are those of credentials.json and they work against the printed URL; SIGTERM stops it cleanly.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StsClient } from "../harness.js";
import { readConfig } from "./fixtures.js";

const BIN = fileURLToPath(new URL("../../../bin/imageguard.js", import.meta.url));
const LISTENING = /^imageguard local cloud listening on http:\/\/127\.0\.0\.1:(\d+)$/m;
/** The summary's last block ends with the SDK snippet's last line. */
const SUMMARY_END = "// Forbidden.RAM: the image is untagged";
/** Printed after the summary: the console's sign-in block, whose last row is the root's. */
const SIGN_IN_START = "web console: open ";
const SIGN_IN_END = /^ {2}default\s+LTAI\w+\s+\S+$/m;
const PERSONA = /^ {2}(\S+)\s+(\S+) (\d{16})\s+(root|user\/\S+)\s+AccessKey (LTAI\w+)$/gm;

let dataDir: string;
let output = "";
let port = 0;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let stop: () => void;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "imageguard-npm-start-"));
  const child = spawn(process.execPath, [BIN, "serve", "--data", dataDir, "--port", "0", "--seed", "demo"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  stop = () => child.kill("SIGTERM");
  exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no summary within 60s:\n${output}`)), 60_000);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      const signIn = output.indexOf(SIGN_IN_START);
      if (
        match !== null &&
        output.includes(SUMMARY_END) &&
        signIn >= 0 &&
        SIGN_IN_END.test(output.slice(signIn))
      ) {
        clearTimeout(timer);
        port = Number(match[1]);
        resolve();
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}, 90_000);

afterAll(async () => {
  stop();
  await exited;
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start (imageguard serve --seed demo)", () => {
  it("prints the listening line first, then the organisation", () => {
    const listening = output.search(LISTENING);
    expect(listening).toBe(0);
    const organisation = output.indexOf("demo organisation (seeded ");
    expect(organisation).toBeGreaterThan(listening);
    for (const folder of ["Security", "Production", "Development"])
      expect(output).toMatch(new RegExp(`─ ${folder} `));
    expect(output).toMatch(/control policy golden-image-guardrail: /);
    expect(output).toMatch(/control policy seed-example-allow-only: /);
    expect(output).toMatch(/instances: 12 \(5 from golden images, 7 not\)/);
  });

  it("prints every persona with the AccessKey id of its profile in credentials.json, secrets only in the console's sign-in block", async () => {
    const printed = [...output.matchAll(PERSONA)].map((m) => ({
      profile: m[1],
      account: m[2],
      principal: m[4],
      accessKeyId: m[5],
    }));
    expect(printed.map((p) => p.profile)).toEqual([
      "default",
      "security-admin",
      "app-storefront-developer",
      "app-payments-developer",
      "dev-playground-developer",
    ]);
    expect(printed.map((p) => `${p.account} ${p.principal}`)).toEqual([
      "management root",
      "management user/security-admin",
      "app-storefront user/developer",
      "app-payments user/developer",
      "dev-playground user/developer",
    ]);
    const config = await readConfig(dataDir);
    expect(output).toContain(
      `personas (profiles in ${join(dataDir, "credentials.json")}; aliyun CLI format):`,
    );
    // The demo's keys exist to be pasted into the console, so its sign-in block (printed last, for
    // the demo seed only) shows each pair; nothing before it shows a secret.
    const signIn = output.indexOf(SIGN_IN_START);
    expect(signIn).toBeGreaterThan(output.indexOf(SUMMARY_END));
    const [summary, signInBlock] = [output.slice(0, signIn), output.slice(signIn)];
    expect(signInBlock).toContain(`http://127.0.0.1:${port}/console`);
    for (const persona of printed) {
      const profile = config.profiles.find((p) => p.name === persona.profile);
      expect(profile?.access_key_id).toBe(persona.accessKeyId);
      expect(summary).not.toContain(profile?.access_key_secret);
      expect(signInBlock).toMatch(
        new RegExp(
          `^ {2}${persona.profile}\\s+${persona.accessKeyId}\\s+${profile?.access_key_secret}$`,
          "m",
        ),
      );
    }
  });

  it("hands out keys that work against the printed URL", async () => {
    const config = await readConfig(dataDir);
    const developer = config.profiles.find((p) => p.name === "app-payments-developer");
    const sts = new StsClient(
      new $OpenApiUtil.Config({
        accessKeyId: developer?.access_key_id,
        accessKeySecret: developer?.access_key_secret,
        endpoint: `127.0.0.1:${port}`,
        protocol: "http",
        regionId: "cn-hangzhou",
      }),
    );
    const identity = (await sts.getCallerIdentity()).body;
    expect(identity?.arn).toMatch(/^acs:ram::\d{16}:user\/developer$/);
  });

  it("prints things to try, pointed at this server and this data directory", () => {
    expect(output).toContain("npx imageguard catalog ecs:RunInstances");
    expect(output).toContain(`npx imageguard trail export --data ${dataDir} --since 1h`);
    expect(output).toContain(`--endpoint 127.0.0.1:${port} --insecure`);
    expect(output).toContain(`endpoint: "127.0.0.1:${port}", protocol: "http"`);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    stop();
    const { code } = await exited;
    expect(code).toBe(0);
    expect(output).toMatch(/received SIGTERM, shutting down\nstopped\n$/);
  });
});
