import { describe, expect, it } from "vitest";
import { useConsoleBrowser } from "./harness.js";

// The policies page: validation and lint as you type, anchored to lines; loading a control policy of
// the directory; the simulator's decision and explain tree; a refusal explained where it happened.

const BROKEN = `{
  "Version": "1",
  "Statement": [
    { "Effect": "Allow" "Action": "ecs:RunInstances", "Resource": "*" }
  ]
}`;

describe("console policies page", () => {
  const h = useConsoleBrowser();

  it("marks a syntax error on its line as you type, and says valid once it is fixed", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/policies`);
    const editor = page.getByRole("textbox", { name: "Policy document" });
    await editor.fill(BROKEN);
    const problems = page.getByRole("list", { name: "Problems in Policy document" });
    await problems.getByRole("button", { name: /^Line 4:/ }).waitFor();
    const validation = page.getByRole("status", { name: "Validation" });
    await expect.poll(() => validation.textContent()).toMatch(/^Invalid: 1 error/);
    await h.screenshot(page, "policies-syntax-error");

    // Choosing the problem puts the caret on its line.
    await problems.getByRole("button", { name: /^Line 4:/ }).click();
    await expect.poll(() => page.getByText(/^Line 4 of 6/).count()).toBe(1);

    await editor.fill(BROKEN.replace('"Allow" "Action"', '"Allow", "Action"'));
    await expect.poll(() => validation.textContent()).toMatch(/^Valid RAM policy: \d+ of 6144 characters\.$/);
    expect(await problems.count()).toBe(0);
  });

  it("loads the guardrail control policy and simulates a launch from an untagged image: denied, with the explain tree", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/policies`);
    await page.getByLabel("Policy source").selectOption("control");
    const choice = page.getByLabel("Policy", { exact: true });
    await choice.getByRole("option", { name: "golden-image-guardrail" }).waitFor({ state: "attached" });
    await choice.selectOption({ label: "golden-image-guardrail" });
    await page.getByRole("button", { name: "Load into the editor" }).click();
    await expect.poll(() => page.getByLabel("Policy kind").inputValue()).toBe("control");
    await expect
      .poll(() => page.getByRole("textbox", { name: "Policy document" }).inputValue())
      .toContain("DenyLaunchFromUnapprovedImages");
    await expect
      .poll(() => page.getByRole("status", { name: "Validation" }).textContent())
      .toMatch(/^Valid control policy/);

    await page.getByLabel("Action").fill("ecs:RunInstances");
    await page.getByLabel("Resource ARNs").fill("acs:ecs:cn-hangzhou:1200000000000001:image/m-untagged");
    await page.getByRole("button", { name: "Simulate" }).click();
    const result = page.getByRole("region", { name: "Simulation result" });
    await expect
      .poll(() => result.getByRole("heading", { level: 3 }).first().textContent())
      .toBe("Decision: ExplicitDeny");
    expect(await result.textContent()).toContain("DenyLaunchFromUnapprovedImages");
    const tree = page.getByRole("tree", { name: "Explain tree" });
    const condition = tree.getByRole("treeitem", {
      name: /^StringNotEquals acs:ResourceTag\/environment: matches/,
    });
    expect(await condition.count()).toBe(1);
    expect(await condition.getAttribute("aria-label")).toContain("context does not have the key");
    await h.screenshot(page, "policies-simulate-deny");

    // The same request with the tag: allowed.
    await page.getByRole("button", { name: "Add context key" }).click();
    await page.getByLabel("Context key 1").fill("acs:ResourceTag/environment");
    await page.getByLabel("Value 1").fill("production");
    await page.getByRole("button", { name: "Simulate" }).click();
    await expect
      .poll(() => result.getByRole("heading", { level: 3 }).first().textContent())
      .toBe("Decision: Allow");
  });

  it("explains, next to the loader, why a developer may not list the directory's control policies", async () => {
    const page = h.page;
    await h.signIn(page, "app-storefront-developer");
    await page.goto(`${h.consoleUrl}/policies`);
    await page.getByLabel("Policy source").selectOption("control");
    const denial = page.getByRole("region", { name: "Access denied" });
    await denial.waitFor();
    expect(await denial.textContent()).toContain("resourcemanager:ListControlPolicies");
    await h.screenshot(page, "policies-developer-denied");
  });

  it("saves an edited custom control policy, and keeps system policies read only", async () => {
    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.goto(`${h.consoleUrl}/policies`);
    await page.getByLabel("Policy source").selectOption("control");
    const choice = page.getByLabel("Policy", { exact: true });
    await choice.getByRole("option", { name: "FullAliyunAccess" }).waitFor({ state: "attached" });
    await choice.selectOption({ label: "FullAliyunAccess" });
    await page.getByRole("button", { name: "Load into the editor" }).click();
    await page.getByText("FullAliyunAccess is a system policy: it cannot be changed.").waitFor();
    const save = page.getByRole("button", { name: "Save control policy" });
    expect(await save.isDisabled()).toBe(true);

    await choice.selectOption({ label: "seed-example-allow-only" });
    await page.getByRole("button", { name: "Load into the editor" }).click();
    const editor = page.getByRole("textbox", { name: "Policy document" });
    await expect.poll(() => editor.inputValue()).toContain("acs:ResourceTag/environment");
    await page.getByText("No changes to save.").waitFor();
    const edited = (await editor.inputValue()).replace('"production"', '"production-approved"');
    await editor.fill(edited);
    await expect
      .poll(() => page.getByRole("status", { name: "Validation" }).textContent())
      .toMatch(/^Valid control policy/);
    await save.click();
    await expect
      .poll(() => page.getByRole("status", { name: "Save result" }).textContent())
      .toBe(
        "Saved seed-example-allow-only: the new document applies at once wherever the policy is attached.",
      );

    // What the cloud now holds is the edited document.
    await page.reload();
    await page.getByLabel("Policy source").selectOption("control");
    await choice.getByRole("option", { name: "seed-example-allow-only" }).waitFor({ state: "attached" });
    await choice.selectOption({ label: "seed-example-allow-only" });
    await page.getByRole("button", { name: "Load into the editor" }).click();
    await expect.poll(() => editor.inputValue()).toContain("production-approved");
  });
});
