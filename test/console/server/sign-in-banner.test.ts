import { describe, expect, it } from "vitest";
import { personaGuide, renderConsoleSignIn } from "../../../src/console/index.js";

// What `imageguard serve --seed demo` prints last for a new user: where the console is, what to
// paste where, and which persona shows what.

const personas = [
  { name: "default", accessKeyId: "LTAIroot000000000000000", accessKeySecret: "rootsecret" },
  { name: "security-admin", accessKeyId: "LTAIadmin00000000000000", accessKeySecret: "adminsecret" },
  { name: "app-storefront-developer", accessKeyId: "LTAIdev0000000000000000", accessKeySecret: "devsecret" },
  { name: "app-payments-developer", accessKeyId: "LTAIpay0000000000000000", accessKeySecret: "paysecret" },
  { name: "someone-else", accessKeyId: "LTAIother", accessKeySecret: "othersecret" },
];

describe("renderConsoleSignIn", () => {
  it("says where to go and what to paste where, then each persona's pair and what it shows", () => {
    const text = renderConsoleSignIn("http://127.0.0.1:8930/console", personas);
    const lines = text.split("\n");
    expect(lines).toContain("web console: open http://127.0.0.1:8930/console and sign in as a demo persona:");
    expect(text).toContain("paste its AccessKey ID and AccessKey secret into the sign-in form");
    // A header names the columns, in the sign-in form's words.
    expect(lines).toContain("  persona                   AccessKey ID             AccessKey secret");
    expect(lines).toContain("  app-storefront-developer  LTAIdev0000000000000000  devsecret");
    // The developer (the brief's path) first, then the security team, the root, anything else.
    const order = [
      "app-storefront-developer",
      "app-payments-developer",
      "security-admin",
      "default",
      "someone-else",
    ].map((name) => lines.findIndex((line) => line.startsWith(`  ${name} `)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((index) => index > 0)).toBe(true);
    // Each demo persona is followed by what it shows in the console.
    const guideOf = (name: string) => lines[lines.findIndex((line) => line.startsWith(`  ${name} `)) + 1];
    expect(guideOf("app-storefront-developer")).toContain("a developer of app-storefront (the brief's path)");
    expect(text.replace(/\n +/g, " ")).toContain(
      "refused with the policy, the statement and the missing tags",
    );
    expect(guideOf("app-payments-developer")).toBe(
      "      the same as app-storefront-developer, in the account app-payments",
    );
    expect(guideOf("security-admin")).toContain("the security team: Organisation");
    expect(guideOf("default")).toContain("the management account's root");
    expect(guideOf("someone-else")).toBe("");
    // Readable in a terminal: no line wider than 100 columns but the rows of keys.
    expect(lines.filter((line) => line.length > 100 && !line.includes("secret"))).toEqual([]);
  });

  it("prints nothing without personas", () => {
    expect(renderConsoleSignIn("http://127.0.0.1:8930/console", [])).toBe("");
  });

  it("knows only the demo's personas", () => {
    expect(personaGuide("app-payments-developer")).toContain("a developer of app-payments");
    expect(personaGuide("ops")).toBeUndefined();
  });
});
