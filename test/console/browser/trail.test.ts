import { describe, expect, it } from "vitest";
import { EcsModule, RamModule, type Credentials } from "../../cloud/harness.js";
import { developerWithoutDecode } from "./cloud-personas.js";
import { useConsoleBrowser } from "./harness.js";

// The audit trail page: the calls just made, with their decisions; filters; an event's detail; and
// the explanation instead of the table when the user may not read the trail.

describe("console audit trail", () => {
  const h = useConsoleBrowser();

  async function intern(): Promise<Credentials> {
    // A RAM user of the management account with no permission at all.
    const ram = h.cloud.t.ram(await h.persona("default"));
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "intern" }));
    const key = (await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName: "intern" }))).body
      ?.accessKey;
    return { accessKeyId: key?.accessKeyId ?? "", accessKeySecret: key?.accessKeySecret ?? "" };
  }

  it("shows the calls just made with their decisions, filtered by event name, and opens one", async () => {
    const denied = await intern();
    await h.cloud.t
      .ecs(denied)
      .describeInstances(new EcsModule.DescribeInstancesRequest({ regionId: "cn-hangzhou" }))
      .catch(() => undefined);
    await h.cloud.t.ecs(await h.persona("default")).describeRegions(new EcsModule.DescribeRegionsRequest({}));
    await h.cloud.t.cloud.flush();

    const page = h.page;
    await h.signIn(page, "security-admin");
    await page.getByRole("link", { name: "Audit trail" }).click();
    const table = page.getByRole("table", { name: "Recorded calls" });
    await table.getByRole("row").nth(1).waitFor();
    // The sign-in itself is recorded.
    await expect.poll(() => table.textContent()).toContain("GetCallerIdentity");

    await page.getByLabel("Event name").fill("DescribeInstances");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("eventName")).toBe("DescribeInstances");
    const rows = table.getByRole("row");
    await expect.poll(() => rows.count()).toBe(2); // header + the intern's refused call
    const row = rows.nth(1);
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("intern");
    expect(text).toContain("Implicit deny");
    expect(text).toContain("Forbidden.RAM");
    await h.screenshot(page, "trail-filtered");

    // Keyboard: focus the row and press Enter to open the event.
    await row.focus();
    await page.keyboard.press("Enter");
    const detail = page.getByRole("region", { name: /DescribeInstances/ });
    await detail.waitFor();
    const detailText = (await detail.textContent()) ?? "";
    expect(detailText).toContain("no identity policy allows the request");
    expect(detailText).toContain("ecs:DescribeInstances");
    expect(new URL(page.url()).searchParams.get("event")).toEqual(expect.any(String));
    await h.screenshot(page, "trail-event-detail");

    await page.getByLabel("Decision").selectOption("Allow");
    await page.getByLabel("Event name").fill("DescribeRegions");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(async () => (await rows.nth(1).textContent()) ?? "").toContain("DescribeRegions");
    expect(await rows.nth(1).textContent()).toContain("Allow");
  });

  it("explains instead of listing when the user may not read the trail", async () => {
    const page = h.page;
    await h.signIn(page, "app-storefront-developer");
    await page.goto(`${h.consoleUrl}/trail`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("actiontrail:LookupEvents");
    // Decoded as the developer (the demo's ExplainDenials policy): no identity policy allows it.
    expect(text).toContain("Not allowed (implicit deny): no identity policy allows the request.");
    expect(text).not.toContain("ram:DecodeDiagnosticMessage");
    expect(await page.getByRole("table", { name: "Recorded calls" }).count()).toBe(0);
    await h.screenshot(page, "trail-denied");
  });

  it("says what to ask for when the user may not decode why the trail is refused", async () => {
    const page = h.page;
    await h.signIn(page, await developerWithoutDecode(h, "developer-no-decode"));
    await page.goto(`${h.consoleUrl}/trail`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("actiontrail:LookupEvents");
    expect(text).toContain("Not allowed (implicit deny): no RAM policy allows it.");
    expect(text).toContain("Ask an administrator for ram:DecodeDiagnosticMessage");
    expect(await page.getByRole("table", { name: "Recorded calls" }).count()).toBe(0);
  });
});
