import type { ComponentChildren } from "preact";
import { describeDenial, type RequiredTag } from "../lib/describe-denial.js";
import type { AccessDeniedInfo } from "../lib/denial-types.js";

// A refused call explained next to the control that made it: who decided (policy, statement, node),
// what the resource lacks, and what to do; when the user may not decode the diagnostic message, says
// so and what permission to ask for.

export interface DenialExplanationProps {
  readonly accessDenied: AccessDeniedInfo;
  /** The cloud's code and message (`Forbidden.RAM`). */
  readonly code?: string;
  readonly message?: string;
  /** Tags the resource should carry (golden criteria), to say exactly what it lacks. */
  readonly requiredTags?: readonly RequiredTag[];
  /** Display names by resource id, to name the resource as the page does (`legacy-web-image`). */
  readonly resourceNames?: Readonly<Record<string, string>>;
  /** E.g. a "Switch to a golden image" button. */
  readonly action?: ComponentChildren;
}

function Sentence(props: { text: string }) {
  // Backticks mark names and values: shown as code.
  const parts = props.text.split("`");
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

const POLICY_LABEL: Readonly<Record<string, string>> = {
  AccountLevelIdentityBasedPolicy: "RAM policy",
  ControlPolicy: "control policy",
  SessionPolicy: "session policy",
  AssumeRolePolicy: "role trust policy",
};

/** What AccessDeniedDetail alone says, when the decision itself could not be decoded. */
function fallbackSentence(noPermissionType: string | undefined, policyType: string | undefined): string {
  const label = policyType === undefined ? "policy" : (POLICY_LABEL[policyType] ?? policyType);
  return noPermissionType === "ExplicitDeny"
    ? `Denied explicitly by a ${label}.`
    : `Not allowed (implicit deny): no ${label} allows it.`;
}

export function DenialExplanation(props: DenialExplanationProps) {
  const { detail, explanation, decodeError } = props.accessDenied;
  const description =
    explanation === undefined
      ? undefined
      : describeDenial(explanation, {
          ...(props.requiredTags === undefined ? {} : { requiredTags: props.requiredTags }),
          ...(props.resourceNames === undefined ? {} : { resourceNames: props.resourceNames }),
        });
  return (
    <section class="denial" aria-label="Access denied">
      {/* Not a heading: a denial shows up under an h1, an h2 or an h3 depending on where the call was
          made, and a fixed level would break the outline somewhere. The region is the landmark. */}
      <p class="denial-title">
        Access denied
        {detail.AuthAction === undefined ? (
          ""
        ) : (
          <>
            : <code>{detail.AuthAction}</code>
          </>
        )}
      </p>
      {description === undefined ? (
        <p>{fallbackSentence(detail.NoPermissionType, detail.PolicyType)}</p>
      ) : (
        <ul class="denial-sentences">
          {description.sentences.map((sentence) => (
            <li key={sentence}>
              <Sentence text={sentence} />
            </li>
          ))}
        </ul>
      )}
      {description !== undefined && description.lacks.length > 0 ? (
        <div class="denial-lacks">
          <strong>
            <Sentence text={`${description.subject} lacks:`} />
          </strong>
          <ul>
            {description.lacks.map((lack) => (
              <li key={lack.key}>
                <code>{lack.wanted === undefined ? lack.key : `${lack.key}=${lack.wanted}`}</code>
                {lack.actual === undefined ? (
                  " (absent)"
                ) : (
                  <>
                    {" "}
                    (has <code>{lack.actual}</code>)
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {decodeError === undefined ? null : (
        <p class="denial-decode-error">
          The full explanation could not be read: {decodeError.message} (<code>{decodeError.code}</code>). Ask
          an administrator for <code>ram:DecodeDiagnosticMessage</code> to see which policy refused you, or to
          decode the message for you.
        </p>
      )}
      {explanation !== undefined && explanation.matched.length > 0 ? (
        <details class="denial-matched">
          <summary>Matched statements ({explanation.matched.length})</summary>
          <ul>
            {explanation.matched.map((ref) => (
              <li key={`${ref.policyType}/${ref.policyName}/${ref.statementIndex}`}>
                {ref.effect} — {ref.policyType} <code>{ref.policyName}</code>
                {ref.policyVersion === undefined ? "" : ` ${ref.policyVersion}`}, statement{" "}
                {ref.statementIndex + 1}
                {ref.sid === undefined ? (
                  ""
                ) : (
                  <>
                    {" "}
                    <code>{ref.sid}</code>
                  </>
                )}
                {ref.rdNode === undefined ? "" : ` on ${ref.rdNode.name}`}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {props.action === undefined ? null : <div class="denial-action">{props.action}</div>}
    </section>
  );
}
