import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { StatusRegion } from "../../components/status-region.js";
import { api } from "../../lib/api.js";
import { formatTime } from "../../lib/format.js";
import type { RequiredTag } from "../images/golden-tags.js";
import type { ImageRow } from "../images/image-row.js";
import { pickGoldenReplacement } from "../launch/pick-golden.js";
import type { Compliance } from "./compliance.js";
import { ComplianceBadge, StatusBadge } from "./instance-badges.js";
import {
  describeInstancesParams,
  isTransitional,
  readInstancesPage,
  type InstanceRow,
} from "./instance-row.js";

// One instance's actions: stop and start (the state is polled until it settles, and each state is
// shown as it comes), and replacing the system disk with a golden image, which ECS allows only on a
// stopped instance: the panel says so and offers to stop it first. Each refusal is explained here,
// next to the button that made it.

const POLL_MS = 1000;
const POLL_LIMIT = 120;

export interface InstancePanelProps {
  readonly regionId: string;
  readonly instance: InstanceRow;
  readonly image: ImageRow | undefined;
  readonly compliance: Compliance;
  /** Golden images of the region (undefined while listing). */
  readonly golden: readonly ImageRow[] | undefined;
  readonly goldenError: unknown;
  readonly requiredTags: readonly RequiredTag[];
  /** The instance changed: list again. */
  readonly onChanged: () => void;
  readonly onClose: () => void;
}

type Action = "stop" | "start" | "replace";

type Outcome =
  | { readonly kind: "done"; readonly text: string }
  | { readonly kind: "failed"; readonly action: Action; readonly what: string; readonly error: unknown };

export function InstancePanel(props: InstancePanelProps) {
  const { instance } = props;
  const label = instance.instanceName || instance.instanceId;
  const [status, setStatus] = useState(instance.status);
  const [busy, setBusy] = useState<Action | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  // The listing was read again: its status is the newer one unless an action is under way.
  useEffect(() => {
    if (busy === undefined) setStatus(instance.status);
  }, [instance.status, busy]);

  const pick = useMemo(
    () =>
      props.golden === undefined
        ? undefined
        : pickGoldenReplacement(props.image, props.golden, {
            keepSame: props.compliance.verdict === "compliant",
          }),
    [props.golden, props.image, props.compliance.verdict],
  );
  const [targetId, setTargetId] = useState<string>("");
  useEffect(() => {
    if (props.golden === undefined) return;
    if (props.golden.some((image) => image.imageId === targetId)) return;
    setTargetId(pick?.image.imageId ?? props.golden[0]?.imageId ?? "");
  }, [props.golden, pick, targetId]);

  /** Polls DescribeInstances until the instance leaves the transitional states. */
  const settle = async (): Promise<string> => {
    for (let attempt = 0; attempt < POLL_LIMIT && live.current; attempt++) {
      const body = await api.call(
        "Ecs",
        "DescribeInstances",
        describeInstancesParams({ regionId: props.regionId, instanceIds: [instance.instanceId] }),
      );
      const now = readInstancesPage(body).instances[0]?.status ?? "";
      if (live.current) setStatus(now);
      if (!isTransitional(now)) return now;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return "";
  };

  const power = async (action: "stop" | "start"): Promise<void> => {
    const verb = action === "stop" ? "Stopping" : "Starting";
    setBusy(action);
    setOutcome(undefined);
    setStatus(verb);
    try {
      await api.call("Ecs", action === "stop" ? "StopInstance" : "StartInstance", {
        RegionId: props.regionId,
        InstanceId: instance.instanceId,
      });
      const settled = await settle();
      if (live.current)
        setOutcome({
          kind: "done",
          text: `${label} is ${settled === "" ? "still changing state" : settled}.`,
        });
      props.onChanged();
    } catch (error) {
      if (live.current) {
        setStatus(instance.status);
        setOutcome({ kind: "failed", action, what: `${verb} ${label}`, error });
      }
    } finally {
      if (live.current) setBusy(undefined);
    }
  };

  const target = props.golden?.find((image) => image.imageId === targetId);
  const replace = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (target === undefined) return;
    setBusy("replace");
    setOutcome(undefined);
    try {
      await api.call("Ecs", "ReplaceSystemDisk", {
        RegionId: props.regionId,
        InstanceId: instance.instanceId,
        ImageId: target.imageId,
      });
      if (live.current) {
        setOutcome({
          kind: "done",
          text: `The system disk of ${label} now comes from ${target.imageName || target.imageId}. Start the instance when ready.`,
        });
      }
      props.onChanged();
    } catch (error) {
      if (live.current)
        setOutcome({
          kind: "failed",
          action: "replace",
          what: `Replacing the system disk of ${label}`,
          error,
        });
    } finally {
      if (live.current) setBusy(undefined);
    }
  };

  const stopped = status === "Stopped";
  const running = status === "Running";
  const failedAt = (action: Action) =>
    outcome?.kind === "failed" && outcome.action === action ? (
      <ErrorPanel
        error={outcome.error}
        context={outcome.what}
        {...(action === "replace"
          ? {
              requiredTags: props.requiredTags.flatMap((t) =>
                t.values[0] === undefined ? [] : [{ key: t.key, value: t.values[0] }],
              ),
            }
          : {})}
      />
    ) : null;

  return (
    <section class="panel instance-panel" aria-labelledby="instance-panel-title">
      <div class="tag-editor-head">
        <h2 id="instance-panel-title">
          {label} <span class="mono muted">{instance.instanceId}</span>
        </h2>
        <button type="button" class="button-secondary" onClick={props.onClose}>
          Close instance
        </button>
      </div>
      <dl class="kv">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={status} />
        </dd>
        <dt>Type and zone</dt>
        <dd>
          {instance.instanceType} · {instance.zoneId}
        </dd>
        <dt>Private IP</dt>
        <dd class="mono">{instance.privateIp}</dd>
        <dt>Created</dt>
        <dd>{formatTime(instance.creationTime)}</dd>
        <dt>Image</dt>
        <dd>
          {props.image?.imageName ?? ""} <span class="mono">{instance.imageId}</span>
        </dd>
        <dt>Compliance</dt>
        <dd>
          <ComplianceBadge compliance={props.compliance} />
          {props.compliance.reasons.length === 0 ? null : (
            <ul class="instance-reasons">
              {props.compliance.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

      <h3>Power</h3>
      <div class="page-actions">
        <button
          type="button"
          class="button-secondary"
          disabled={busy !== undefined || !running}
          onClick={() => void power("stop")}
        >
          Stop instance
        </button>
        <button
          type="button"
          class="button-secondary"
          disabled={busy !== undefined || !stopped}
          onClick={() => void power("start")}
        >
          Start instance
        </button>
      </div>
      {failedAt("stop")}
      {failedAt("start")}

      <h3>Replace system disk</h3>
      {props.goldenError !== undefined ? (
        <ErrorPanel error={props.goldenError} context="Listing golden images" />
      ) : (
        <form
          class="form-row"
          onSubmit={(event) => void replace(event)}
          aria-label={`Replace the system disk of ${label}`}
        >
          <Field
            id="replace-image"
            label="Golden image for the new system disk"
            hint={pick === undefined ? undefined : `suggested: ${pick.why}`}
          >
            {(control) => (
              <select
                {...control}
                value={targetId}
                disabled={busy !== undefined}
                onChange={(event) => setTargetId((event.currentTarget as HTMLSelectElement).value)}
              >
                {props.golden === undefined ? <option value="">Listing golden images…</option> : null}
                {props.golden !== undefined && props.golden.length === 0 ? (
                  <option value="">No golden image in this region</option>
                ) : null}
                {(props.golden ?? []).map((image) => (
                  <option key={image.imageId} value={image.imageId}>
                    {image.imageName || image.imageId} ({image.imageId}) — {image.osName || image.platform}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="field form-button">
            <button
              type="submit"
              class="button-primary"
              disabled={busy !== undefined || !stopped || target === undefined}
              aria-describedby={stopped ? undefined : "replace-needs-stop"}
            >
              {busy === "replace" ? "Replacing…" : "Replace system disk"}
            </button>
          </div>
        </form>
      )}
      {stopped ? null : (
        <p id="replace-needs-stop" class="notice">
          ECS replaces the system disk of a stopped instance only.{" "}
          {running ? (
            <button
              type="button"
              class="button-link"
              disabled={busy !== undefined}
              onClick={() => void power("stop")}
            >
              Stop {label} first
            </button>
          ) : (
            "Wait until it has stopped."
          )}
        </p>
      )}
      {failedAt("replace")}
      <StatusRegion label="Instance actions" tone={outcome?.kind === "done" ? "success" : "info"}>
        {busy === "stop"
          ? `Stopping ${label}… (${status})`
          : busy === "start"
            ? `Starting ${label}… (${status})`
            : outcome?.kind === "done"
              ? outcome.text
              : ""}
      </StatusRegion>
    </section>
  );
}
