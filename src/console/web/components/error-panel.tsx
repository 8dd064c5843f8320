import type { ComponentChildren } from "preact";
import { asApiError } from "../lib/api.js";
import type { RequiredTag } from "../lib/describe-denial.js";
import { DenialExplanation } from "./denial-explanation.js";

// An error where it happened: the message, what to do, the code and request id; a denial with its
// explanation.

export interface ErrorPanelProps {
  readonly error: unknown;
  /** What was being done, e.g. "Listing images". */
  readonly context?: string;
  readonly requiredTags?: readonly RequiredTag[];
  /** Display names by resource id, for the denial's sentences. */
  readonly resourceNames?: Readonly<Record<string, string>>;
  /** Shown under a denial (e.g. "Switch to a golden image"). */
  readonly action?: ComponentChildren;
}

export function ErrorPanel(props: ErrorPanelProps) {
  const error = asApiError(props.error);
  return (
    <div class="error-panel" role="alert">
      {error.accessDenied === undefined ? (
        <>
          <p class="error-message">
            {props.context === undefined ? "" : `${props.context}: `}
            {error.message}
          </p>
          {error.help === undefined ? null : <p class="error-help">{error.help}</p>}
        </>
      ) : (
        <>
          {props.context === undefined ? null : <p class="error-message">{props.context} was refused.</p>}
          <DenialExplanation
            accessDenied={error.accessDenied}
            code={error.code}
            message={error.message}
            {...(props.requiredTags === undefined ? {} : { requiredTags: props.requiredTags })}
            {...(props.resourceNames === undefined ? {} : { resourceNames: props.resourceNames })}
            {...(props.action === undefined ? {} : { action: props.action })}
          />
        </>
      )}
      <p class="error-meta">
        <code>{error.code}</code>
        {error.requestId === undefined ? "" : <> · request {error.requestId}</>}
      </p>
    </div>
  );
}
