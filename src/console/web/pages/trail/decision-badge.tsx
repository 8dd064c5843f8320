import { Badge } from "../../components/badge.js";

export function DecisionBadge(props: { result: string | undefined }) {
  switch (props.result) {
    case "Allow":
      return <Badge tone="ok">Allow</Badge>;
    case "ExplicitDeny":
      return <Badge tone="bad">Explicit deny</Badge>;
    case "ImplicitDeny":
      return <Badge tone="warn">Implicit deny</Badge>;
    case undefined:
      return (
        <Badge tone="neutral" title="the call needed no permission, or failed before authorization">
          not checked
        </Badge>
      );
    default:
      return <Badge tone="neutral">{props.result}</Badge>;
  }
}
