import { excerpt } from "../json-source.js";
import type { PrincipalSpec } from "../types.js";
import type { StatementElementRule } from "./statement-scope.js";
import { siteAt } from "./reporter.js";
import { describeNode, distinctMembers } from "./members.js";
import { memberPath } from "./path.js";
import { readStringList } from "./string-list.js";

const PRINCIPAL_TYPES = ["RAM", "Service", "Federated"] as const;
type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

const AWS_PRINCIPAL_TYPES: Readonly<Record<string, string>> = {
  AWS: "`RAM` with an account (`acs:ram::<account-id>:root`) or a RAM role or user ARN",
  CanonicalUser: "`RAM` with an account (`acs:ram::<account-id>:root`)",
};

export const principalRule: StatementElementRule = {
  name: "Principal",
  check(member, path, scope) {
    const { reporter } = scope;
    if (scope.kind !== "trust") {
      reporter.report(
        "principal-not-allowed",
        siteAt(path, member.keyPosition),
        `\`Principal\` is only allowed in trust policies, not in a ${scope.kind} policy`,
      );
      return;
    }
    const node = member.value;
    if (node.type !== "object") {
      const wildcard = node.type === "string" && node.value === "*";
      reporter.report(
        "invalid-principal",
        siteAt(path, node),
        wildcard
          ? '`"Principal": "*"` is AWS IAM syntax; Alibaba Cloud trust policies have no wildcard principal'
          : `\`Principal\` must be an object of \`RAM\`, \`Service\` and \`Federated\` lists, found ${describeNode(node)}`,
        wildcard ? "name the trusted accounts, roles, services or identity providers" : undefined,
      );
      return;
    }
    const lists: Record<PrincipalType, string[]> = { RAM: [], Service: [], Federated: [] };
    let valid = true;
    const members = distinctMembers(node);
    if (members.length === 0) {
      reporter.report("invalid-principal", siteAt(path, node), "`Principal` names no principal");
      valid = false;
    }
    for (const entry of members) {
      const entryPath = memberPath(path, entry.key);
      const type = PRINCIPAL_TYPES.find((t) => t === entry.key);
      if (type === undefined) {
        const awsFix = Object.hasOwn(AWS_PRINCIPAL_TYPES, entry.key)
          ? AWS_PRINCIPAL_TYPES[entry.key]
          : undefined;
        const caseFix = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === entry.key.toLowerCase());
        reporter.report(
          "invalid-principal",
          siteAt(entryPath, entry.keyPosition),
          awsFix !== undefined
            ? `\`${excerpt(entry.key)}\` principals are AWS IAM syntax; Alibaba Cloud RAM does not support them`
            : `unknown principal type \`${excerpt(entry.key)}\``,
          awsFix !== undefined
            ? `use ${awsFix}`
            : caseFix !== undefined
              ? `write \`${caseFix}\`; principal types are case-sensitive`
              : "principal types are `RAM`, `Service` and `Federated`",
        );
        valid = false;
        continue;
      }
      const { entries, complete } = readStringList(entry.value, entryPath, `Principal.${type}`, reporter);
      valid = valid && complete;
      lists[type].push(...entries.map((e) => e.value));
    }
    if (valid) {
      const principal: PrincipalSpec = lists;
      scope.draft.principal = principal;
    }
  },
};

export const notPrincipalRule: StatementElementRule = {
  name: "NotPrincipal",
  check(member, path, scope) {
    scope.reporter.report(
      "not-principal",
      siteAt(path, member.keyPosition),
      "`NotPrincipal` is AWS IAM syntax; Alibaba Cloud RAM does not support it",
    );
  },
};
