import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { Badge } from "../components/badge.js";
import { ErrorPanel } from "../components/error-panel.js";
import { PageHeader } from "../components/page-header.js";
import { Tree, type TreeNode } from "../components/tree.js";
import { setQuery } from "../lib/router.js";
import type { PageProps } from "./index.js";
import {
  findNode,
  loadControlPolicies,
  loadOrganisation,
  reloadAttachments,
  withAttachments,
  type ControlPolicySummary,
  type OrgNode,
  type Organisation,
} from "./organisation/load-organisation.js";
import { NODE_TYPE_LABEL, NodePanel } from "./organisation/node-panel.js";
import "./organisation/organisation.css";

// The Resource Directory as a tree, the control policies on each node, attach and detach. Everything
// is read and changed through the cloud's API as the signed-in user.

type Policies = readonly ControlPolicySummary[] | { readonly error: unknown } | undefined;

/** What a screen reader announces for a node, and what tests find it by. */
export function nodeText(node: OrgNode): string {
  const kind = node.management === true ? "management account" : NODE_TYPE_LABEL[node.type];
  const policies =
    node.attachmentsError !== undefined
      ? "control policies could not be listed"
      : node.attachments === undefined
        ? "control policies loading"
        : node.attachments.length === 0
          ? "no control policies"
          : `control policies: ${node.attachments.map((attachment) => attachment.policyName).join(", ")}`;
  return `${node.name}, ${kind}, ${policies}`;
}

function treeNode(node: OrgNode): TreeNode {
  return {
    id: node.id,
    text: nodeText(node),
    label: (
      <span class="org-tree-label">
        <span class="org-tree-name">{node.name}</span>{" "}
        <span class="org-tree-kind">
          {node.management === true ? "management account" : NODE_TYPE_LABEL[node.type]}
        </span>
        {node.attachmentsError !== undefined ? (
          <Badge tone="warn" title="The control policies attached here could not be listed">
            policies unreadable
          </Badge>
        ) : (
          (node.attachments ?? []).map((attachment) => (
            <Badge key={attachment.policyId} tone={attachment.policyType === "System" ? "neutral" : "info"}>
              {attachment.policyName}
            </Badge>
          ))
        )}
        {node.childrenError === undefined ? null : (
          <Badge tone="warn" title="What is below this folder could not be listed">
            contents unreadable
          </Badge>
        )}
      </span>
    ),
    children: node.children.map(treeNode),
  };
}

export function OrganisationPage(props: PageProps) {
  const [org, setOrg] = useState<Organisation | undefined>();
  const [error, setError] = useState<unknown>();
  const [policies, setPolicies] = useState<Policies>();
  const selectedId = props.query.get("node") ?? undefined;

  const load = useCallback(async () => {
    setError(undefined);
    setOrg(undefined);
    setPolicies(undefined);
    try {
      setOrg(await loadOrganisation());
    } catch (err) {
      setError(err);
      return;
    }
    try {
      setPolicies(await loadControlPolicies());
    } catch (err) {
      setPolicies({ error: err });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const nodes = useMemo(() => (org === undefined ? [] : [treeNode(org.root)]), [org]);
  const selected = org === undefined ? undefined : findNode(org.root, selectedId ?? org.root.id);

  const select = (id: string): void => {
    const query = new URLSearchParams(props.query);
    query.set("node", id);
    setQuery(query);
  };

  const onChanged = async (node: OrgNode): Promise<void> => {
    const attached = await reloadAttachments(node.id);
    setOrg((current) =>
      current === undefined
        ? current
        : { ...current, root: withAttachments(current.root, node.id, attached) },
    );
    try {
      setPolicies(await loadControlPolicies());
    } catch (err) {
      setPolicies({ error: err });
    }
  };

  return (
    <>
      <PageHeader title="Organisation">
        <button
          type="button"
          class="button-secondary"
          onClick={() => void load()}
          disabled={org === undefined && error === undefined}
        >
          Reload
        </button>
      </PageHeader>
      {error !== undefined ? (
        <ErrorPanel error={error} context="Reading the resource directory" />
      ) : org === undefined ? (
        <p role="status">Loading the resource directory…</p>
      ) : (
        <>
          <p class="org-summary">
            Resource directory <code>{org.directoryId}</code>, managed by{" "}
            <strong>
              {org.managementAccountName === "" ? org.managementAccountId : org.managementAccountName}
            </strong>{" "}
            (<code>{org.managementAccountId}</code>). Control policies:{" "}
            <Badge tone={org.controlPolicyStatus === "Enabled" ? "ok" : "warn"}>
              {org.controlPolicyStatus || "unknown"}
            </Badge>
            {org.controlPolicyStatus === "Enabled"
              ? null
              : " — attached policies take no effect until they are enabled."}
          </p>
          <div class="org-layout">
            <section class="panel org-tree" aria-label="Resource directory tree">
              <p class="org-tree-help" id="org-tree-help">
                Arrow keys move and open folders; Enter shows a node's policies.
              </p>
              <Tree
                label="Resource directory"
                nodes={nodes}
                {...(selected === undefined ? {} : { selectedId: selected.id })}
                onSelect={(node) => select(node.id)}
              />
              {org.root.childrenError === undefined ? null : (
                <ErrorPanel
                  error={org.root.childrenError}
                  context="Listing the folders and accounts under Root"
                />
              )}
            </section>
            {selected === undefined ? (
              <p class="panel">
                There is no node <code>{selectedId}</code> in the directory; choose one in the tree.
              </p>
            ) : (
              <div class="org-detail">
                {selected.childrenError === undefined || selected.id === org.root.id ? null : (
                  <ErrorPanel
                    error={selected.childrenError}
                    context={`Listing what is under ${selected.name}`}
                  />
                )}
                <NodePanel key={selected.id} node={selected} policies={policies} onChanged={onChanged} />
              </div>
            )}
          </div>
        </>
      )}
    </>
  );
}
