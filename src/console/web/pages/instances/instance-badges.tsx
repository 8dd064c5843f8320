import { Badge, type BadgeTone } from "../../components/badge.js";
import type { Compliance } from "./compliance.js";
import { isTransitional } from "./instance-row.js";

// The Instances page's two badges: the instance's state, and whether it runs a golden image.

export function StatusBadge(props: { status: string }) {
  const tone: BadgeTone =
    props.status === "Running"
      ? "ok"
      : isTransitional(props.status) || props.status.endsWith("ing")
        ? "info"
        : "neutral";
  return <Badge tone={tone}>{props.status || "unknown"}</Badge>;
}

export function ComplianceBadge(props: { compliance: Compliance }) {
  const { compliance } = props;
  const tone: BadgeTone =
    compliance.verdict === "compliant" ? "ok" : compliance.verdict === "unknown" ? "neutral" : "bad";
  return (
    <Badge tone={tone} {...(compliance.reasons.length === 0 ? {} : { title: compliance.reasons.join("; ") })}>
      {compliance.label}
    </Badge>
  );
}
