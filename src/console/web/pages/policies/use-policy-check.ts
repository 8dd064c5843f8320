import { useEffect, useRef, useState } from "preact/hooks";
import type { PolicyKind } from "../../../../policy/index.js";
import type { PolicyCheck } from "../../../server/routes/policy/check-policy.js";
import { api } from "../../lib/api.js";

// Validation and lint as the user types: the text is sent to POST /policy/validate once typing
// pauses, and an answer that arrives after a newer request was sent is dropped, so the markers
// always belong to the text on screen.

/** How long typing must pause before the text is checked. */
export const CHECK_DELAY_MS = 300;

export interface PolicyCheckState {
  readonly check?: PolicyCheck;
  /** The text `check` belongs to. */
  readonly checkedText?: string;
  readonly error?: unknown;
  /** A check of the current text is waiting or in flight. */
  readonly pending: boolean;
}

export function usePolicyCheck(
  kind: PolicyKind,
  text: string,
  fullAliyunAccessAttached: boolean,
): PolicyCheckState {
  const [state, setState] = useState<PolicyCheckState>({ pending: true });
  const sequence = useRef(0);
  useEffect(() => {
    const mine = ++sequence.current;
    setState((current) => ({ ...current, pending: true }));
    const timer = setTimeout(() => {
      api
        .post<PolicyCheck>("/policy/validate", {
          kind,
          text,
          ...(kind === "control" ? { fullAliyunAccessAttached } : {}),
        })
        .then((check) => {
          if (mine === sequence.current) setState({ check, checkedText: text, pending: false });
        })
        .catch((error: unknown) => {
          if (mine === sequence.current) setState({ error, pending: false });
        });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [kind, text, fullAliyunAccessAttached]);
  return state;
}
