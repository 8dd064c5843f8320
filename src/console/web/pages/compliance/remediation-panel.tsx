import { useEffect, useState } from "preact/hooks";
import type {
  RemediationItem,
  RemediationPlan,
  RemediationStepRecord,
  StrategyChoice,
} from "../../../../guardrail/index.js";
import { Badge, type BadgeTone } from "../../components/badge.js";
import { DenialExplanation } from "../../components/denial-explanation.js";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { StatusRegion } from "../../components/status-region.js";
import { ApiError } from "../../lib/api.js";
import { Backticked } from "../policies/explain-tree.js";
import type { PlanOptionMention } from "./plan-text.js";
import { PlanText, type PlanOptionControls } from "./plan-text-view.js";
import { remediationApi, type RunJob } from "./remediation-api.js";

// What to do about one finding: the remediation plan `imageguard remediate` would make (preview),
// and applying it after an explicit confirmation that names what will be lost, with each step's
// outcome as it happens and the re-scan that verifies it. Every call is the signed-in user's own.

export interface RemediationPanelProps {
  readonly findingKey: string;
  readonly instanceName: string;
  /** The run finished: the finding's page reloads its data. */
  readonly onApplied: () => void;
}

const STRATEGIES: readonly { value: StrategyChoice; label: string }[] = [
  { value: "auto", label: "Automatic (by verdict; never releases)" },
  { value: "replace-disk", label: "Replace the system disk with a golden image" },
  { value: "stop", label: "Stop the instance" },
  { value: "release", label: "Release (delete) the instance" },
  { value: "approve-and-tag", label: "Approve the image and tag it golden" },
];

const STRATEGY_ID = "remediation-strategy";
const INCLUDE_AUDIT = { id: "remediation-include-audit", label: "Include audit and unscoped accounts" };
const APPROVE_IMAGE = { id: "remediation-approve-image", label: "Approve this image for tagging" };

const STATUS_TONE: Readonly<Record<RemediationItem["status"], BadgeTone>> = {
  planned: "info",
  skipped: "neutral",
  blocked: "warn",
  refused: "bad",
  "nothing-to-do": "ok",
};

const OUTCOME_TONE: Readonly<Record<RemediationStepRecord["outcome"], BadgeTone>> = {
  running: "info",
  succeeded: "ok",
  failed: "bad",
  "not-run": "neutral",
};

export const RUN_POLL_MS = 1000;

export function RemediationPanel(props: RemediationPanelProps) {
  const [strategy, setStrategy] = useState<StrategyChoice>("auto");
  const [includeAudit, setIncludeAudit] = useState(false);
  const [approveImage, setApproveImage] = useState(false);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ planId: string; plan: RemediationPlan } | undefined>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [run, setRun] = useState<RunJob | undefined>();

  const makePlan = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setConfirming(false);
    setRun(undefined);
    try {
      setPreview(await remediationApi.plan(props.findingKey, { strategy, includeAudit, approveImage }));
    } catch (err) {
      setPreview(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const apply = async (): Promise<void> => {
    if (preview === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      setRun((await remediationApi.apply(preview.planId)).run);
      setConfirming(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const runId = run?.id;
  const running = run?.state === "running";
  useEffect(() => {
    if (!running || runId === undefined) return;
    let live = true;
    const timer = setInterval(() => {
      remediationApi
        .run(runId)
        .then(({ run: next }) => {
          if (!live) return;
          setRun(next);
          if (next.state !== "running") props.onApplied();
        })
        .catch((err: unknown) => {
          if (live) setError(err);
        });
    }, RUN_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [running, runId]);

  // The planner's text names CLI options; here they are these controls (plan-text.ts).
  const optionControls: PlanOptionControls = {
    label: (mention: PlanOptionMention) =>
      mention.option === "include-audit"
        ? INCLUDE_AUDIT.label
        : mention.option === "approve-image"
          ? APPROVE_IMAGE.label
          : `Strategy: ${STRATEGIES.find((choice) => choice.value === mention.strategy)?.label ?? mention.strategy}`,
    apply: (mention: PlanOptionMention) => {
      if (mention.option === "include-audit") setIncludeAudit(true);
      else if (mention.option === "approve-image") setApproveImage(true);
      else setStrategy(mention.strategy);
      const id =
        mention.option === "include-audit"
          ? INCLUDE_AUDIT.id
          : mention.option === "approve-image"
            ? APPROVE_IMAGE.id
            : STRATEGY_ID;
      document.getElementById(id)?.focus();
    },
  };

  const plan = preview?.plan;
  const item = plan?.items[0];
  const applicable =
    plan !== undefined && plan.problems.length === 0 && plan.summary.planned > 0 && plan.summary.steps > 0;

  return (
    <section class="panel remediation" aria-labelledby="remediation-heading">
      <h2 id="remediation-heading">Remediation</h2>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void makePlan();
        }}
      >
        <Field id={STRATEGY_ID} label="Strategy">
          {(control) => (
            <select
              {...control}
              value={strategy}
              onChange={(event) =>
                setStrategy((event.currentTarget as HTMLSelectElement).value as StrategyChoice)
              }
            >
              {STRATEGIES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="field remediation-options">
          <label>
            <input
              id={INCLUDE_AUDIT.id}
              type="checkbox"
              checked={includeAudit}
              onChange={(event) => setIncludeAudit((event.currentTarget as HTMLInputElement).checked)}
            />{" "}
            {INCLUDE_AUDIT.label}
          </label>
          <label>
            <input
              id={APPROVE_IMAGE.id}
              type="checkbox"
              checked={approveImage}
              onChange={(event) => setApproveImage((event.currentTarget as HTMLInputElement).checked)}
            />{" "}
            {APPROVE_IMAGE.label} (after review)
          </label>
        </div>
        <button type="submit" class="button-secondary" disabled={busy || running}>
          Preview the remediation plan
        </button>
      </form>
      {error === undefined ? null : <ErrorPanel error={error} context="Remediation" />}

      {plan === undefined || item === undefined ? null : (
        <section class="remediation-plan" aria-label="Remediation plan">
          <h3>
            Plan for {props.instanceName}: <Badge tone={STATUS_TONE[item.status]}>{item.status}</Badge>
            {item.strategy === undefined ? null : (
              <>
                {" "}
                <Badge tone="neutral">{item.strategy}</Badge>
              </>
            )}
          </h3>
          <p>
            <PlanText text={item.reason} controls={optionControls} />
          </p>
          {item.help === undefined ? null : (
            <p class="field-hint">
              <PlanText text={item.help} controls={optionControls} />
            </p>
          )}
          {item.drift === undefined ? null : (
            <p class="notice">
              Since the scan: <Backticked text={item.drift} />
            </p>
          )}
          {item.targetImage === undefined ? null : (
            <p>
              Golden image: <code>{item.targetImage.imageId}</code>
              {item.targetImage.name === undefined ? "" : ` (${item.targetImage.name})`}
            </p>
          )}
          {item.steps.length === 0 ? null : (
            <ol class="remediation-steps">
              {item.steps.map((step, i) => {
                const record = run?.steps.find(
                  (candidate) => candidate.key === item.key && candidate.index === i + 1,
                );
                const denial = run?.denials[`${item.key}#${i + 1}`];
                return (
                  <li key={i}>
                    <strong>{step.action}</strong> <Backticked text={step.summary} />
                    {record === undefined ? null : (
                      <>
                        {" "}
                        <Badge tone={OUTCOME_TONE[record.outcome]}>{record.outcome}</Badge>
                      </>
                    )}
                    {step.risks.length === 0 ? null : (
                      <ul class="remediation-risks">
                        {step.risks.map((risk) => (
                          <li key={risk.message} class={`risk-${risk.level}`}>
                            <strong>
                              {risk.level === "data-loss" || risk.level === "irreversible"
                                ? risk.level.toUpperCase()
                                : risk.level}
                            </strong>
                            : <Backticked text={risk.message} />
                          </li>
                        ))}
                      </ul>
                    )}
                    {record?.note === undefined ? null : (
                      <div class="field-hint">
                        <PlanText text={record.note} controls={optionControls} />
                      </div>
                    )}
                    {record?.error === undefined ? null : denial !== undefined ? (
                      <DenialExplanation
                        accessDenied={denial}
                        code={record.error.code}
                        message={record.error.message}
                      />
                    ) : (
                      <ErrorPanel
                        error={
                          new ApiError(0, {
                            code: record.error.code,
                            message: record.error.message,
                            ...(record.error.help === undefined ? {} : { help: record.error.help }),
                          })
                        }
                        context={step.action}
                      />
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {plan.problems.map((problem) => (
            // Not an ErrorPanel: the message and help name options, shown as this page's controls.
            <div key={problem.code} class="error-panel" role="alert">
              <p class="error-message">
                The plan: <PlanText text={problem.message} controls={optionControls} />
              </p>
              <p class="error-help">
                <PlanText text={problem.help} controls={optionControls} />
              </p>
              <p class="error-meta">
                <code>{problem.code}</code>
              </p>
            </div>
          ))}
          {!applicable || run !== undefined ? null : confirming ? (
            <div class="remediation-confirm" role="group" aria-label="Confirm the remediation">
              <p>
                <strong>
                  Apply {plan.summary.steps} step{plan.summary.steps === 1 ? "" : "s"} to {props.instanceName}
                  {plan.summary.systemDisksReplaced === 0 ? "" : ", ERASING its system disk"}
                  {plan.summary.instancesReleased === 0 ? "" : ", RELEASING the instance"}?
                </strong>{" "}
                The calls are made as you, and recorded in the findings database.
              </p>
              <button type="button" class="button-danger" disabled={busy} onClick={() => void apply()}>
                Confirm and apply
              </button>{" "}
              <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" class="button-primary" onClick={() => setConfirming(true)}>
              Apply this plan…
            </button>
          )}
        </section>
      )}

      <StatusRegion
        label="Remediation progress"
        tone={
          run?.state === "succeeded"
            ? "success"
            : run === undefined || run.state === "running"
              ? "info"
              : "error"
        }
      >
        {run === undefined
          ? ""
          : run.state === "running"
            ? run.verifying === true
              ? "Steps done; scanning again to verify…"
              : `Applying: ${run.steps.filter((step) => step.outcome === "succeeded").length} step(s) done…`
            : run.state === "error"
              ? "The remediation could not run."
              : `Remediation ${run.state}: ${run.run?.summary.stepsSucceeded ?? 0} step(s) succeeded, ${run.run?.summary.stepsFailed ?? 0} failed, ${run.run?.summary.stepsNotRun ?? 0} not run.`}
      </StatusRegion>
      {run?.error === undefined ? null : (
        <ErrorPanel error={new ApiError(run.error.httpStatus ?? 0, run.error)} context="Remediation" />
      )}
      {run?.run === undefined ? null : <RunOutcome job={run} />}
    </section>
  );
}

function RunOutcome(props: { job: RunJob }) {
  const run = props.job.run;
  if (run === undefined) return null;
  return (
    <div class="remediation-outcome">
      {run.items.map((item) =>
        item.explanation === undefined ? null : (
          <p key={item.key} class="notice">
            <Backticked text={item.explanation} />
          </p>
        ),
      )}
      {run.verification === undefined ? (
        run.verificationError === undefined ? null : (
          <p class="notice">Not verified: {run.verificationError}</p>
        )
      ) : (
        <ul aria-label="Verification">
          {run.verification.items.map((item) => (
            <li key={item.key}>
              <Badge tone={item.status === "resolved" ? "ok" : item.status === "exempt" ? "warn" : "bad"}>
                {item.status}
              </Badge>{" "}
              <Backticked text={item.message} />
            </li>
          ))}
        </ul>
      )}
      {run.recordingErrors.map((problem) => (
        <p key={problem} class="notice">
          Not recorded: {problem}
        </p>
      ))}
    </div>
  );
}
