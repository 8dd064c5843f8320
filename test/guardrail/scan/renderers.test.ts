import { describe, expect, it } from "vitest";
import {
  renderScanReport,
  scanInventory,
  scanReportSarif,
  SARIF_SCHEMA,
  VERDICT_PRECEDENCE,
} from "../../../src/guardrail/index.js";
import type { ScanHistory, ScanReport } from "../../../src/guardrail/index.js";
import type { ReportedScan } from "./fixtures.js";
import {
  FACTORY,
  GOLDEN_TAGS,
  NOW,
  PLAYGROUND,
  STOREFRONT,
  account,
  exampleSpec,
  golden,
  instance,
  region,
  systemImage,
} from "./fixtures.js";

const HOSTILE_TAG = `"><img src=x onerror=alert(1)><script>alert('tag')</script>`;
const HOSTILE_NAME = `<script>alert("name")</script>, "quoted"\r\nnext line`;
const FORMULA_NAME = `=HYPERLINK("http://evil.example","click")`;
const ESCAPE_NAME = "web\u001b[31m-red\u202etxt";

const SPEC = exampleSpec(
  `  - { id: batch-node, instance: i-exempt, reason: "retires <soon>", approver: sec@example.com, expiresAt: "2026-06-30" }
  - { id: old-node, instance: i-expired, reason: r, approver: a, expiresAt: "2026-03-31" }`,
);

function report(history?: ScanHistory): ScanReport {
  const forged = golden("m-forged", { ownerId: PLAYGROUND, tags: { ...GOLDEN_TAGS, note: HOSTILE_TAG } });
  const result = scanInventory(
    {
      accounts: [
        account(STOREFRONT, "app-storefront", "Production", [
          region(
            "cn-hangzhou",
            [
              instance("i-golden", "m-golden", "web-1"),
              instance("i-hostile", "m-forged", HOSTILE_NAME),
              instance("i-formula", "ubuntu", FORMULA_NAME),
              instance("i-exempt", "ubuntu", "batch"),
              instance("i-expired", "ubuntu", ESCAPE_NAME),
            ],
            [golden(), forged, systemImage("ubuntu")],
          ),
        ]),
        account(PLAYGROUND, "dev-playground", "Development", [
          region(
            "cn-hangzhou",
            [instance("i-dev", "m-gone", "dev-box")],
            [{ state: "deleted", imageId: "m-gone" }],
          ),
        ]),
        account(FACTORY, "image-factory", "Root", [
          region("cn-hangzhou", [instance("i-mgmt", "ubuntu")], [systemImage("ubuntu")]),
        ]),
      ],
    },
    SPEC,
    NOW,
  );
  return {
    result,
    ...(history === undefined ? {} : { history }),
    meta: {
      toolVersion: "0.1.0",
      specFile: "imageguard.yaml",
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
    },
  };
}

/** RFC 4180, strictly: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else if (i >= text.length) {
          throw new Error("unterminated quoted field");
        } else field += text[i++];
      }
    } else if (text[i] === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (text.startsWith("\r\n", i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else if (text[i] === "\n" || text[i] === "\r" || text[i] === '"') {
      throw new Error(`bare ${JSON.stringify(text[i])} outside quotes at ${i}`);
    } else field += text[i++];
  }
  if (field !== "" || record.length > 0) throw new Error("last record does not end with CRLF");
  return records;
}

describe("CSV (RFC 4180)", () => {
  const csv = renderScanReport(report(), "csv");
  const [header, ...rows] = parseCsv(csv);
  const column = (name: string) => (header as string[]).indexOf(name);
  const rowOf = (instanceId: string) =>
    rows.find((row) => row[column("instance_id")] === instanceId) as string[];

  it("Given any instance, it is one record of the header's width, ended with CRLF", () => {
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row).toHaveLength((header as string[]).length);
  });

  it("Given commas, quotes and a line break in a name, the field is quoted and reads back unchanged", () => {
    expect(rowOf("i-hostile")[column("instance_name")]).toBe(HOSTILE_NAME);
    expect(csv).toContain(`"<script>alert(""name"")</script>, ""quoted""\r\nnext line"`);
  });

  it("Given a value a spreadsheet would run as a formula, it is prefixed with `'`", () => {
    expect(rowOf("i-formula")[column("instance_name")]).toBe(`'${FORMULA_NAME}`);
  });

  it("Given verdicts, exemptions and reasons, each has its column", () => {
    const exempt = rowOf("i-exempt");
    expect(exempt[column("verdict")]).toBe("exempt");
    expect(exempt[column("exempt_until")]).toBe("2026-07-01T00:00:00.000Z");
    expect(exempt[column("exemptions")]).toBe("batch-node");
    expect(exempt[column("reasons")]).toBe("untrusted-owner;disallowed-source;missing-tag");
    expect(rowOf("i-expired")[column("expired_exemptions")]).toBe("old-node");
    expect(rowOf("i-dev")[column("image_status")]).toBe("deleted");
    expect(rowOf("i-golden")[column("verdict")]).toBe("compliant");
  });
});

/** The parts of SARIF 2.1.0 a code-scanning dashboard requires, as the log is read back. */
interface SarifLog {
  readonly $schema: string;
  readonly version: string;
  readonly runs: readonly SarifRun[];
}
interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version: string;
      readonly rules: readonly SarifRule[];
    };
  };
  readonly results: readonly SarifResult[];
  readonly invocations: readonly {
    readonly executionSuccessful: boolean;
    readonly toolExecutionNotifications: readonly { readonly message: { readonly text: string } }[];
  }[];
}
interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string };
}
interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: string;
  readonly message: { readonly text: string };
  readonly locations: readonly {
    readonly logicalLocations: readonly {
      readonly name: string;
      readonly fullyQualifiedName: string;
      readonly kind: string;
    }[];
  }[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly unknown[];
}

function sarifOf(r: ScanReport): SarifRun {
  const log = JSON.parse(renderScanReport(r, "sarif")) as SarifLog;
  expect(log.runs).toHaveLength(1);
  return log.runs[0] as SarifRun;
}

const locationOf = (result: SarifResult) => result.locations[0]?.logicalLocations[0];

describe("SARIF 2.1.0", () => {
  const run = sarifOf(report());
  const resultFor = (id: string) => run.results.find((result) => locationOf(result)?.name === id);

  it("Given a report, the log has the required top-level shape", () => {
    const log = JSON.parse(renderScanReport(report(), "sarif")) as SarifLog;
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(scanReportSarif(report())).toEqual(log);
    expect(run.tool.driver.name).toBe("imageguard");
    expect(run.tool.driver.version).toBe("0.1.0");
  });

  it("Given the verdicts, there is one rule per failing verdict with an id, a name and descriptions", () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([...VERDICT_PRECEDENCE]);
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.shortDescription.text).not.toBe("");
      expect(rule.fullDescription.text).not.toBe("");
      expect(rule.help.text).not.toBe("");
    }
  });

  it("Given results, each names an existing rule by id and index, has a message and an ARN logical location", () => {
    // Compliant instances are not results.
    expect(run.results.map((result) => locationOf(result)?.name).sort()).toEqual([
      "i-dev",
      "i-exempt",
      "i-expired",
      "i-formula",
      "i-hostile",
      "i-mgmt",
    ]);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.message.text).not.toBe("");
      expect(["error", "warning", "note"]).toContain(result.level);
      expect(locationOf(result)?.fullyQualifiedName).toMatch(
        /^acs:ecs:cn-hangzhou:\d{16}:instance\/i-[a-z]+$/,
      );
      expect(locationOf(result)?.kind).toBe("resource");
      expect(result.partialFingerprints["imageguardFinding/v1"]).toMatch(/^\d{16}\/cn-hangzhou\/i-[a-z]+$/);
    }
  });

  it("Given scopes, the level is error in enforce, warning in audit and note outside every scope", () => {
    expect(resultFor("i-hostile")?.level).toBe("error");
    expect(resultFor("i-dev")?.level).toBe("warning");
    expect(resultFor("i-mgmt")?.level).toBe("note");
  });

  it("Given an exempt instance, it is reported under its failing rule with an accepted external suppression", () => {
    expect(resultFor("i-exempt")?.ruleId).toBe("untrusted-owner");
    expect(resultFor("i-exempt")?.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "exemption batch-node approved by sec@example.com until 2026-06-30: retires <soon>",
      },
    ]);
    expect(resultFor("i-dev")?.ruleId).toBe("image-deleted");
    expect(resultFor("i-dev")?.suppressions).toBeUndefined();
  });

  it("Given an incomplete scan, the invocation is unsuccessful and says where", () => {
    const base = report();
    const incomplete: ScanReport = {
      ...base,
      result: {
        ...base.result,
        incomplete: [
          {
            accountId: PLAYGROUND,
            accountName: "dev-playground",
            error: { code: "NoPermission", message: "no" },
          },
        ],
      },
    };
    const invocation = sarifOf(incomplete).invocations[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications[0]?.message.text).toContain("dev-playground");
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
  });
});

describe("HTML report", () => {
  const history: ScanHistory = {
    scanId: 3,
    seen: [
      {
        key: `${STOREFRONT}/cn-hangzhou/i-hostile`,
        status: "reopened",
        firstSeen: "2026-04-01T00:00:00.000Z",
      },
    ],
    resolved: [
      {
        key: `${STOREFRONT}/cn-hangzhou/i-gone`,
        accountId: STOREFRONT,
        regionId: "cn-hangzhou",
        instanceId: "i-gone",
        verdict: "missing-tag",
        imageId: "m-x",
        firstSeen: "2026-04-01T00:00:00.000Z",
        lastSeen: "2026-04-30T00:00:00.000Z",
        resolvedAt: NOW.toISOString(),
        firstScanId: 1,
        lastScanId: 2,
        details: {
          accountName: "app-storefront",
          instanceName: `<b>gone</b>`,
          scopes: ["Root/Production"],
          mode: "enforce",
          message: "m",
          failures: [],
          expiredExemptions: [],
        },
      },
    ],
  };
  const html = renderScanReport(report(history), "html");

  it("Given hostile tag values and names, they appear escaped and never as markup", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain("<b>gone</b>");
    expect(html).toContain(
      "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;",
    );
    expect(html).toContain("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;gone&lt;/b&gt;");
    expect(html).toContain("approved by sec@example.com: retires &lt;soon&gt;");
  });

  it("Given the report, it is self-contained: inline style, inline SVG, no external reference, scripts forbidden", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // `<` never appears unescaped in text, so every `<…>` is real markup.
    expect(html).not.toMatch(/<[^>]*\s(src|href)\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(/i);
  });

  it("Given findings, it holds a donut by verdict and bars by account with their counts", () => {
    expect(html).toContain('<svg class="donut"');
    expect(html).toContain('aria-label="6 instances not golden, by verdict"');
    // One slice per verdict present: untrusted owner (4 incl. the hostile one), image deleted, exempt.
    expect(html.match(/<circle class="slice"/g)).toHaveLength(3);
    expect(html).toContain("<title>untrusted owner: 4</title>");
    expect(html).toContain("<title>image deleted: 1</title>");
    expect(html).toContain("<title>exempt: 1</title>");
    expect(html).toContain('<svg class="bars"');
    expect(html).toContain("<title>app-storefront: compliant 1</title>");
    expect(html).toContain(">3 of 5</text>");
  });

  it("Given history, it shows statuses and what the scan resolved", () => {
    expect(html).toContain("<td>reopened</td>");
    expect(html).toContain("Resolved since the last scan");
    expect(html).toContain("<code>i-gone</code>");
  });
});

describe("table", () => {
  const table = renderScanReport(report(), "table");

  it("Given control characters and bidi overrides in names, they are shown escaped, never sent to the terminal", () => {
    expect(table).not.toContain("\u001b");
    expect(table).not.toContain("\u202e");
    expect(table).toContain("web\\u{1b}[31m-red\\u{202e}txt");
    expect(table).toContain("\\u{d}\\u{a}next line");
  });

  it("Given the scan, each instance is a row with its verdict, and the summary counts them", () => {
    expect(table).toMatch(
      /i-exempt \(batch\)\s+ubuntu\s+Root\/Production \(enforce\)\s+exempt \(untrusted owner\)/,
    );
    expect(table).toMatch(/i-expired .*untrusted owner \(exemption expired\)/);
    expect(table).toMatch(/i-mgmt\s+ubuntu\s+- \(unscoped\)\s+untrusted owner/);
    expect(table).toContain(
      "7 instances in 3 accounts (3 account-regions scanned completely): 1 compliant, 5 findings (3 in enforce scopes), 1 exempt",
    );
    expect(table).toContain("by verdict: image deleted 1, untrusted owner 4, exempt 1");
  });
});

describe("JSON", () => {
  it("Given a report with history, each instance carries its history and the resolved findings are listed", () => {
    const history: ScanHistory = {
      scanId: 2,
      seen: [{ key: `${STOREFRONT}/cn-hangzhou/i-hostile`, status: "new", firstSeen: NOW.toISOString() }],
      resolved: [],
    };
    const data = JSON.parse(renderScanReport(report(history), "json")) as ReportedScan;
    expect(data.judgedAt).toBe(NOW.toISOString());
    expect(data.scanId).toBe(2);
    const hostile = data.instances.find((i) => i.instanceId === "i-hostile");
    expect(hostile?.history).toEqual({ status: "new", firstSeen: NOW.toISOString() });
    expect(hostile?.instanceName).toBe(HOSTILE_NAME);
    expect(data.summary.enforcedFindings).toBe(3);
  });
});
