import { useState } from "preact/hooks";
import type { PolicyKind } from "../../../policy/index.js";
import { CodeEditor, type EditorProblem } from "../components/code-editor.js";
import { ErrorPanel } from "../components/error-panel.js";
import { SelectField } from "../components/select-field.js";
import { PageHeader } from "../components/page-header.js";
import { StatusRegion } from "../components/status-region.js";
import { useSession } from "../lib/session.js";
import type { PageProps } from "./index.js";
import { PolicyLoader } from "./policies/policy-loader.js";
import { formatDocument, savePolicy, SOURCE_KIND, type LoadedPolicy } from "./policies/policy-store.js";
import { Simulator } from "./policies/simulator.js";
import { STARTER_DOCUMENT } from "./policies/starter-document.js";
import { usePolicyCheck } from "./policies/use-policy-check.js";
import "./policies/policies.css";

// The policy editor: validation and lint as you type (line-anchored in the editor), loading a RAM or
// control policy and saving it back where RAM allows, and the simulator beside it.

const KIND_LABEL: Readonly<Record<PolicyKind, string>> = {
  ram: "RAM policy",
  control: "Control policy",
  session: "Session policy (AssumeRole)",
  trust: "Trust policy (role)",
};

/** The kind inside a sentence. */
const KIND_PHRASE: Readonly<Record<PolicyKind, string>> = {
  ram: "RAM policy",
  control: "control policy",
  session: "session policy",
  trust: "trust policy",
};

export function PoliciesPage(_props: PageProps) {
  const { session } = useSession();
  const [kind, setKind] = useState<PolicyKind>("ram");
  const [text, setText] = useState(STARTER_DOCUMENT);
  const [fullAccess, setFullAccess] = useState(true);
  const [loaded, setLoaded] = useState<LoadedPolicy | undefined>();
  const [rotate, setRotate] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState("");
  const state = usePolicyCheck(kind, text, fullAccess);

  const current = state.check !== undefined && state.checkedText === text ? state.check : undefined;
  const problems: EditorProblem[] = (current?.problems ?? state.check?.problems ?? []).map((problem) => ({
    line: problem.line,
    column: problem.column,
    severity: problem.severity,
    message: problem.message,
    code: problem.code,
    ...(problem.help === undefined ? {} : { help: problem.help }),
  }));

  const validity =
    state.error !== undefined
      ? undefined
      : current === undefined
        ? "Checking…"
        : current.valid
          ? `Valid ${KIND_PHRASE[kind]}: ${current.size ?? 0} of ${current.sizeLimit} characters${current.warnings === 0 ? "" : `, ${current.warnings} warning${current.warnings === 1 ? "" : "s"}`}.`
          : `Invalid: ${current.errors} error${current.errors === 1 ? "" : "s"}${current.warnings === 0 ? "" : `, ${current.warnings} warning${current.warnings === 1 ? "" : "s"}`}.`;

  const invalidReason =
    current === undefined
      ? "Wait for the check to finish."
      : current.valid
        ? undefined
        : "Fix the errors first.";
  const saveBlocked =
    loaded === undefined
      ? "Load a custom policy to save a new version of it."
      : loaded.policyType === "System"
        ? `${loaded.name} is a system policy: it cannot be changed.`
        : SOURCE_KIND[loaded.source] !== kind
          ? `${loaded.name} is a ${KIND_PHRASE[SOURCE_KIND[loaded.source]]}: check it as one to save it.`
          : text === loaded.document
            ? "No changes to save."
            : invalidReason;

  const save = async (): Promise<void> => {
    if (loaded === undefined) return;
    setSaving(true);
    setSaveError(undefined);
    setSaved("");
    try {
      const outcome = await savePolicy(loaded, text, { rotate });
      setLoaded({
        ...loaded,
        document: text,
        ...(outcome.version === undefined ? {} : { version: outcome.version }),
      });
      setSaved(outcome.message);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title="Policies" />
      <PolicyLoader
        onLoad={(policy) => {
          setLoaded(policy);
          setKind(SOURCE_KIND[policy.source]);
          setText(policy.document);
          setSaveError(undefined);
          setSaved("");
        }}
      />
      <div class="policies-layout">
        <section class="panel" aria-labelledby="policy-editor-heading">
          <h2 id="policy-editor-heading">Document</h2>
          <p class="policy-origin">
            {loaded === undefined ? (
              "A document of your own: it is checked and simulated here, and saved nowhere."
            ) : (
              <>
                Editing the {loaded.policyType.toLowerCase()} {KIND_PHRASE[SOURCE_KIND[loaded.source]]}{" "}
                <strong>{loaded.name}</strong>
                {loaded.version === undefined || loaded.version === ""
                  ? ""
                  : ` (default version ${loaded.version})`}
                .
              </>
            )}
          </p>
          <div class="toolbar">
            <SelectField
              id="policy-kind"
              label="Policy kind"
              value={kind}
              labels={KIND_LABEL}
              onChange={setKind}
            />
            {kind !== "control" ? null : (
              <div class="field">
                <label>
                  <input
                    type="checkbox"
                    checked={fullAccess}
                    onChange={(event) => setFullAccess((event.currentTarget as HTMLInputElement).checked)}
                  />{" "}
                  FullAliyunAccess stays attached where it goes
                </label>
              </div>
            )}
            <button
              type="button"
              class="button-secondary"
              onClick={() => {
                const formatted = formatDocument(text);
                if (formatted !== undefined) setText(formatted);
              }}
              disabled={formatDocument(text) === undefined}
            >
              Format
            </button>
          </div>
          <CodeEditor
            id="policy-document"
            label="Policy document"
            value={text}
            onChange={setText}
            problems={problems}
            rows={20}
          />
          <StatusRegion
            label="Validation"
            tone={current === undefined ? "info" : current.valid ? "success" : "error"}
          >
            {validity}
          </StatusRegion>
          {state.error === undefined ? null : (
            <ErrorPanel error={state.error} context="Checking the document" />
          )}
          <div class="policy-save">
            {loaded?.source !== "ram" || loaded.policyType !== "Custom" ? null : (
              <label>
                <input
                  type="checkbox"
                  checked={rotate}
                  onChange={(event) => setRotate((event.currentTarget as HTMLInputElement).checked)}
                />{" "}
                Delete the oldest non-default version when the policy has 5 already
              </label>
            )}
            <button
              type="button"
              class="button-primary"
              disabled={saving || saveBlocked !== undefined}
              onClick={() => void save()}
            >
              {saving
                ? "Saving…"
                : loaded?.source === "control"
                  ? "Save control policy"
                  : "Save as new default version"}
            </button>
            {saveBlocked === undefined ? null : <span class="field-hint">{saveBlocked}</span>}
          </div>
          {saveError === undefined ? null : (
            <ErrorPanel error={saveError} context={`Saving ${loaded?.name ?? "the policy"}`} />
          )}
          <StatusRegion tone="success" label="Save result">
            {saved}
          </StatusRegion>
        </section>
        <Simulator
          kind={kind}
          text={text}
          {...(loaded === undefined ? {} : { policyName: loaded.name })}
          accountId={session.identity.accountId}
          regionId={session.regionId}
          {...(current?.valid === false
            ? { blockedBy: "The document has errors: fix them to simulate." }
            : {})}
        />
      </div>
    </>
  );
}
