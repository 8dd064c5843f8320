import { describe, expect, it } from "vitest";
import { optionOf, parsePlanText } from "../../../src/console/web/pages/compliance/index.js";

// The remediation planner's text on the finding's page: its code spans that are `imageguard
// remediate` options the page has controls for become references to those controls; everything
// else is kept as written.

describe("parsePlanText", () => {
  it("turns the options the page has controls for into mentions, and keeps the words around them", () => {
    expect(parsePlanText("pass `--include-audit` to remediate audit and unscoped accounts too")).toEqual([
      { kind: "text", text: "pass " },
      { kind: "option", text: "--include-audit", mention: { option: "include-audit" } },
      { kind: "text", text: " to remediate audit and unscoped accounts too" },
    ]);
    expect(
      parsePlanText("use `--strategy auto` or `--strategy approve-and-tag` to approve an image").filter(
        (part) => part.kind === "option",
      ),
    ).toEqual([
      { kind: "option", text: "--strategy auto", mention: { option: "strategy", strategy: "auto" } },
      {
        kind: "option",
        text: "--strategy approve-and-tag",
        mention: { option: "strategy", strategy: "approve-and-tag" },
      },
    ]);
  });

  it("keeps as code what the page has no control for: other options, commands, ids, unknown values", () => {
    const parts = parsePlanText(
      "give a file written by `imageguard remediate --out FILE`; `--concurrency 4`; image `m-bp1`; `--strategy burn`",
    );
    expect(parts.filter((part) => part.kind === "code").map((part) => part.text)).toEqual([
      "imageguard remediate --out FILE",
      "--concurrency 4",
      "m-bp1",
      "--strategy burn",
    ]);
    expect(parts.some((part) => part.kind === "option")).toBe(false);
  });

  it("reads --approve-image with an image id or a placeholder as the page's approval of the finding's image", () => {
    expect(optionOf("--approve-image")).toEqual({ option: "approve-image" });
    expect(optionOf("--approve-image <image id>")).toEqual({ option: "approve-image" });
    expect(optionOf("--approve-image m-bp1")).toEqual({ option: "approve-image" });
    expect(optionOf("--include-audit yes")).toBeUndefined();
    expect(optionOf("--strategy")).toBeUndefined();
  });

  it("leaves an unpaired backtick as text", () => {
    expect(parsePlanText("a `b` c `d")).toEqual([
      { kind: "text", text: "a " },
      { kind: "code", text: "b" },
      { kind: "text", text: " c " },
      { kind: "text", text: "`d" },
    ]);
  });
});
