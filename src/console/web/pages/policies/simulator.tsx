import { useState } from "preact/hooks";
import type {
  AuthRequest,
  DecidingPolicy,
  DecisionResult,
  EffectScope,
  ExplainNode,
  PolicyKind,
  PrincipalInfo,
  PrincipalType,
  Problem,
  StatementRef,
} from "../../../../policy/index.js";
import { Badge } from "../../components/badge.js";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { SelectField } from "../../components/select-field.js";
import { Tree } from "../../components/tree.js";
import { api } from "../../lib/api.js";
import { Backticked, explainTreeNodes } from "./explain-tree.js";

// The simulator panel: one request decided against the document in the editor by the console
// server's policy engine, with the decision, who decided, what was assumed around the document, and
// the explain tree (which statement matched, which condition failed and why).

export interface SimulationResult {
  readonly decision: DecisionResult;
  readonly decidedBy: DecidingPolicy;
  readonly matched: readonly StatementRef[];
  readonly absentKeys: readonly string[];
  readonly explain?: ExplainNode;
  readonly request: AuthRequest;
  readonly principal: PrincipalInfo;
  readonly assumptions: readonly string[];
  readonly warnings: readonly Problem[];
}

export interface SimulatorProps {
  readonly kind: PolicyKind;
  readonly text: string;
  readonly policyName?: string;
  /** The signed-in account, for the example resource. */
  readonly accountId: string;
  readonly regionId: string;
  /** Why the document cannot be simulated now (it has errors); undefined when it can. */
  readonly blockedBy?: string;
}

interface ContextRow {
  readonly id: number;
  readonly key: string;
  readonly value: string;
}

const PRINCIPAL_LABEL: Readonly<Record<PrincipalType, string>> = {
  RamUser: "RAM user",
  AssumedRole: "Role session",
  RootAccount: "Account root",
};

const KIND_PHRASE: Readonly<Record<PolicyKind, string>> = {
  ram: "RAM policy",
  control: "control policy",
  session: "session policy",
  trust: "trust policy",
};

const COMMON_KEYS = [
  "acs:ResourceTag/environment",
  "acs:ResourceTag/status",
  "acs:ResourceTag/security-level",
  "acs:RequestTag/environment",
  "acs:CurrentTime",
  "acs:SourceIp",
  "acs:PrincipalARN",
  "ecs:ImageOwnerId",
  "ecs:ImageSource",
];

const DECISION_TONE: Readonly<Record<DecisionResult, "ok" | "bad" | "warn">> = {
  Allow: "ok",
  ExplicitDeny: "bad",
  ImplicitDeny: "warn",
};

let nextRow = 1;

export function Simulator(props: SimulatorProps) {
  const [action, setAction] = useState("ecs:RunInstances");
  const [resources, setResources] = useState(`acs:ecs:${props.regionId}:${props.accountId}:image/m-example`);
  const [rows, setRows] = useState<readonly ContextRow[]>([]);
  const [principalType, setPrincipalType] = useState<PrincipalType>("RamUser");
  const [effectScope, setEffectScope] = useState<EffectScope>("RAM");
  const [fullAccess, setFullAccess] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SimulationResult | undefined>();
  const [error, setError] = useState<unknown>();

  const simulate = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await api.post<SimulationResult>("/policy/simulate", {
          kind: props.kind,
          text: props.text,
          ...(props.policyName === undefined ? {} : { policyName: props.policyName }),
          action: action.trim(),
          resources: resources
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line !== ""),
          context: rows
            .filter((row) => row.key.trim() !== "")
            .map((row) => ({ key: row.key.trim(), value: row.value })),
          principalType,
          ...(props.kind === "control" ? { effectScope, fullAliyunAccessAttached: fullAccess } : {}),
        }),
      );
    } catch (err) {
      setResult(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const setRow = (id: number, change: Partial<ContextRow>): void =>
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...change } : row)));

  return (
    <section class="panel simulator" aria-labelledby="simulator-heading">
      <h2 id="simulator-heading">Simulator</h2>
      <p class="simulator-intro">
        Decides one request against the document in the editor, as a {KIND_PHRASE[props.kind]}, with the same
        engine the cloud uses.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void simulate();
        }}
      >
        <div class="form-row">
          <Field id="sim-action" label="Action" hint="e.g. ecs:RunInstances">
            {(control) => (
              <input
                {...control}
                type="text"
                value={action}
                spellcheck={false}
                onInput={(event) => setAction((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <SelectField
            id="sim-principal"
            label="Principal type"
            value={principalType}
            labels={PRINCIPAL_LABEL}
            onChange={setPrincipalType}
          />
        </div>
        <Field
          id="sim-resources"
          label="Resource ARNs"
          hint={
            <>
              One per line; the image a launch uses is{" "}
              <code>acs:ecs:&lt;region&gt;:&lt;owner&gt;:image/&lt;id&gt;</code>.
            </>
          }
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              spellcheck={false}
              value={resources}
              onInput={(event) => setResources((event.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        {props.kind !== "control" ? null : (
          <div class="form-row">
            <Field id="sim-effect-scope" label="Effect scope">
              {(control) => (
                <select
                  {...control}
                  value={effectScope}
                  onChange={(event) =>
                    setEffectScope((event.currentTarget as HTMLSelectElement).value as EffectScope)
                  }
                >
                  <option value="RAM">RAM (RAM users and roles)</option>
                  <option value="All">All (also the account root)</option>
                </select>
              )}
            </Field>
            <div class="field sim-checkbox">
              <label>
                <input
                  type="checkbox"
                  checked={fullAccess}
                  onChange={(event) => setFullAccess((event.currentTarget as HTMLInputElement).checked)}
                />{" "}
                FullAliyunAccess stays attached
              </label>
            </div>
          </div>
        )}
        <fieldset class="sim-context">
          <legend>Context keys</legend>
          {rows.length === 0 ? (
            <p class="field-hint">None: tags the resource lacks are absent keys.</p>
          ) : null}
          <datalist id="sim-context-keys">
            {COMMON_KEYS.map((key) => (
              <option key={key} value={key} />
            ))}
          </datalist>
          {rows.map((row, index) => (
            <div class="form-row sim-context-row" key={row.id}>
              <Field id={`sim-key-${row.id}`} label={`Context key ${index + 1}`}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    list="sim-context-keys"
                    spellcheck={false}
                    value={row.key}
                    onInput={(event) =>
                      setRow(row.id, { key: (event.currentTarget as HTMLInputElement).value })
                    }
                  />
                )}
              </Field>
              <Field id={`sim-value-${row.id}`} label={`Value ${index + 1}`}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    spellcheck={false}
                    value={row.value}
                    onInput={(event) =>
                      setRow(row.id, { value: (event.currentTarget as HTMLInputElement).value })
                    }
                  />
                )}
              </Field>
              <button
                type="button"
                class="button-link"
                onClick={() => setRows((current) => current.filter((other) => other.id !== row.id))}
              >
                Remove context key {index + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="button-secondary"
            onClick={() => setRows((current) => [...current, { id: nextRow++, key: "", value: "" }])}
          >
            Add context key
          </button>
        </fieldset>
        <div class="sim-submit">
          <button type="submit" class="button-primary" disabled={busy || props.blockedBy !== undefined}>
            {busy ? "Simulating…" : "Simulate"}
          </button>
          {props.blockedBy === undefined ? null : <span class="field-hint">{props.blockedBy}</span>}
        </div>
      </form>
      {error === undefined ? null : <ErrorPanel error={error} context="Simulating" />}
      {result === undefined ? null : <SimulationView result={result} />}
    </section>
  );
}

function describeDecider(by: DecidingPolicy): string {
  const parts: string[] = [by.policyType];
  if (by.policyName !== undefined) parts.push(`\`${by.policyName}\``);
  if (by.statementIndex !== undefined)
    parts.push(`Statement[${by.statementIndex}]${by.sid === undefined ? "" : ` (Sid \`${by.sid}\`)`}`);
  return `${parts.join(" ")}: ${by.reason}`;
}

function SimulationView(props: { result: SimulationResult }) {
  const { result } = props;
  return (
    <section class="sim-result" aria-label="Simulation result" aria-live="polite">
      <h3>
        Decision: <Badge tone={DECISION_TONE[result.decision]}>{result.decision}</Badge>
      </h3>
      <p>
        Decided by <Backticked text={describeDecider(result.decidedBy)} />
      </p>
      {result.absentKeys.length === 0 ? null : (
        <p>
          Keys the policies test that the request does not carry:{" "}
          {result.absentKeys.map((key, i) => (
            <span key={key}>
              {i === 0 ? "" : ", "}
              <code>{key}</code>
            </span>
          ))}
        </p>
      )}
      {result.assumptions.length === 0 ? null : (
        <details class="sim-assumptions">
          <summary>What the simulation assumed ({result.assumptions.length})</summary>
          <ul>
            {result.assumptions.map((text) => (
              <li key={text}>
                <Backticked text={text} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.explain === undefined ? null : (
        <>
          <h3 id="sim-explain-heading">Explanation</h3>
          <Tree label="Explain tree" nodes={explainTreeNodes(result.explain)} />
        </>
      )}
    </section>
  );
}
