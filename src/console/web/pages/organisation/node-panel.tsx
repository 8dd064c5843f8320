import { useState } from "preact/hooks";
import { Badge } from "../../components/badge.js";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { StatusRegion } from "../../components/status-region.js";
import { api } from "../../lib/api.js";
import { formatTime } from "../../lib/format.js";
import type { ControlPolicySummary, OrgNode, PolicyAttachment } from "./load-organisation.js";

// One node of the directory: what it is, the control policies attached to it, and attaching or
// detaching one. Both go through /call as the signed-in user, so RAM decides; a refusal is explained
// right here, under the control that was used.

export interface NodePanelProps {
  readonly node: OrgNode;
  /** Every control policy, or why they could not be listed; undefined while loading. */
  readonly policies: readonly ControlPolicySummary[] | { readonly error: unknown } | undefined;
  /** After a successful attach or detach: reload this node's attachments. */
  readonly onChanged: (node: OrgNode, message: string) => Promise<void>;
}

export const NODE_TYPE_LABEL: Readonly<Record<OrgNode["type"], string>> = {
  Root: "root folder",
  Folder: "folder",
  Account: "account",
};

export function NodePanel(props: NodePanelProps) {
  const { node } = props;
  const [choice, setChoice] = useState("");
  const [busy, setBusy] = useState(false);
  const [attachError, setAttachError] = useState<unknown>();
  const [confirming, setConfirming] = useState<string | undefined>();
  const [detachError, setDetachError] = useState<{ policyId: string; error: unknown } | undefined>();
  const [status, setStatus] = useState("");

  const attachedIds = new Set((node.attachments ?? []).map((attachment) => attachment.policyId));
  const candidates = Array.isArray(props.policies)
    ? (props.policies as readonly ControlPolicySummary[]).filter(
        (policy) => !attachedIds.has(policy.policyId),
      )
    : [];

  const attach = async (): Promise<void> => {
    const policy = candidates.find((candidate) => candidate.policyId === choice);
    if (policy === undefined) return;
    setBusy(true);
    setAttachError(undefined);
    setStatus("");
    try {
      await api.call("ResourceManager", "AttachControlPolicy", {
        PolicyId: policy.policyId,
        TargetId: node.id,
      });
      setChoice("");
      const message = `Attached ${policy.policyName} to ${node.name}.`;
      setStatus(message);
      await props.onChanged(node, message);
    } catch (err) {
      setAttachError(err);
    } finally {
      setBusy(false);
    }
  };

  const detach = async (attachment: PolicyAttachment): Promise<void> => {
    setBusy(true);
    setDetachError(undefined);
    setStatus("");
    try {
      await api.call("ResourceManager", "DetachControlPolicy", {
        PolicyId: attachment.policyId,
        TargetId: node.id,
      });
      setConfirming(undefined);
      const message = `Detached ${attachment.policyName} from ${node.name}.`;
      setStatus(message);
      await props.onChanged(node, message);
    } catch (err) {
      setDetachError({ policyId: attachment.policyId, error: err });
    } finally {
      setBusy(false);
    }
  };

  const headingId = `node-${node.id}-heading`;
  return (
    <section class="panel org-node" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {node.name} <Badge tone="neutral">{NODE_TYPE_LABEL[node.type]}</Badge>
      </h2>
      <dl class="kv">
        <dt>Id</dt>
        <dd class="mono">{node.id}</dd>
        {node.accountType === undefined || node.accountType === "" ? null : (
          <>
            <dt>Account type</dt>
            <dd>{node.accountType}</dd>
          </>
        )}
      </dl>
      {node.management === true ? (
        <p class="notice">
          This is the management account: control policies never apply to it, whatever is attached here or
          above.
        </p>
      ) : null}

      <h3>Attached control policies</h3>
      {node.attachmentsError !== undefined ? (
        <ErrorPanel
          error={node.attachmentsError}
          context={`Listing the control policies attached to ${node.name}`}
        />
      ) : node.attachments === undefined ? (
        <p role="status">Loading…</p>
      ) : node.attachments.length === 0 ? (
        <p>
          No control policy is attached to {node.name} itself (it still inherits those of the folders above
          it).
        </p>
      ) : (
        <table class="org-attachments">
          <caption class="visually-hidden">Control policies attached to {node.name}</caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Type</th>
              <th scope="col">Effect scope</th>
              <th scope="col">Attached</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {node.attachments.map((attachment) => (
              <tr key={attachment.policyId}>
                <td>
                  <strong>{attachment.policyName}</strong>
                  {attachment.description === "" ? null : (
                    <div class="org-description">{attachment.description}</div>
                  )}
                  {detachError?.policyId === attachment.policyId ? (
                    <ErrorPanel error={detachError.error} context={`Detaching ${attachment.policyName}`} />
                  ) : null}
                </td>
                <td>{attachment.policyType}</td>
                <td>{attachment.effectScope}</td>
                <td>{formatTime(attachment.attachDate)}</td>
                <td class="org-actions">
                  {confirming === attachment.policyId ? (
                    <div
                      class="org-confirm"
                      role="group"
                      aria-label={`Confirm detaching ${attachment.policyName}`}
                    >
                      <span>
                        {attachment.policyName === "FullAliyunAccess"
                          ? "Without FullAliyunAccess, only what other policies here allow stays allowed. Detach?"
                          : "Detach?"}
                      </span>
                      <button
                        type="button"
                        class="button-danger"
                        disabled={busy}
                        onClick={() => void detach(attachment)}
                      >
                        Confirm detach {attachment.policyName}
                      </button>
                      <button type="button" disabled={busy} onClick={() => setConfirming(undefined)}>
                        Cancel
                      </button>
                    </div>
                  ) : (
                    <button
                      type="button"
                      class="button-secondary"
                      disabled={busy}
                      onClick={() => {
                        setDetachError(undefined);
                        setConfirming(attachment.policyId);
                      }}
                    >
                      Detach {attachment.policyName}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Attach a control policy</h3>
      {props.policies === undefined ? (
        <p role="status">Loading the control policies…</p>
      ) : !Array.isArray(props.policies) ? (
        <ErrorPanel
          error={(props.policies as { error: unknown }).error}
          context="Listing the control policies"
        />
      ) : candidates.length === 0 ? (
        <p>Every control policy of the directory is already attached here.</p>
      ) : (
        <form
          class="toolbar"
          onSubmit={(event) => {
            event.preventDefault();
            void attach();
          }}
        >
          <Field id={`attach-${node.id}`} label={`Control policy to attach to ${node.name}`}>
            {(control) => (
              <select
                {...control}
                value={choice}
                onChange={(event) => setChoice((event.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">Choose a policy…</option>
                {candidates.map((policy) => (
                  <option key={policy.policyId} value={policy.policyId}>
                    {policy.policyName} ({policy.policyType}, {policy.effectScope})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" class="button-primary" disabled={busy || choice === ""}>
            Attach
          </button>
        </form>
      )}
      {attachError === undefined ? null : (
        <ErrorPanel error={attachError} context={`Attaching a control policy to ${node.name}`} />
      )}
      <StatusRegion tone="success" label="Organisation changes">
        {status}
      </StatusRegion>
    </section>
  );
}
