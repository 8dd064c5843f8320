import { useState } from "preact/hooks";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { StatusRegion } from "../../components/status-region.js";
import { api } from "../../lib/api.js";
import type { RequiredTag } from "./golden-tags.js";
import type { ImageRow } from "./image-row.js";

// An image's tags, editable where the policies allow: the change is simply tried (ECS TagResources /
// UntagResources, ResourceType image) and a refusal is explained right here, under the controls that
// made it. Only the owner account can tag an image at all (ECS answers InvalidResourceId.NotFound for
// a shared or Alibaba image), so for those the controls are disabled and the reason given instead.

export interface TagEditorProps {
  readonly regionId: string;
  readonly image: ImageRow;
  readonly requiredTags: readonly RequiredTag[];
  /** After a change went through, so the listing shows it. */
  readonly onChanged: () => void;
  readonly onClose: () => void;
}

type Outcome =
  | { readonly kind: "done"; readonly text: string }
  | { readonly kind: "failed"; readonly error: unknown; readonly what: string };

function notOwnedReason(image: ImageRow): string | undefined {
  switch (image.ownerAlias) {
    case "self":
      return undefined;
    case "others":
      return `This image belongs to account ${image.ownerId || "another account"} and is shared with yours: only its owner can change its tags.`;
    case "system":
      return "This is a public image of Alibaba Cloud: its tags cannot be changed.";
    case "marketplace":
      return "This is an Alibaba Cloud Marketplace image: its tags cannot be changed.";
    default:
      return "Only the image's owner account can change its tags.";
  }
}

export function TagEditor(props: TagEditorProps) {
  const { image } = props;
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [keyError, setKeyError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const notOwned = notOwnedReason(image);
  const label = image.imageName || image.imageId;
  const tags = Object.entries(image.tags);

  /** Tries the change; true when the cloud made it. */
  const run = async (
    what: string,
    action: string,
    params: Record<string, string>,
    done: string,
  ): Promise<boolean> => {
    setBusy(true);
    setOutcome(undefined);
    try {
      await api.call("Ecs", action, {
        RegionId: props.regionId,
        ResourceType: "image",
        "ResourceId.1": image.imageId,
        ...params,
      });
      setOutcome({ kind: "done", text: done });
      props.onChanged();
      return true;
    } catch (error) {
      setOutcome({ kind: "failed", error, what });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = (event: Event): void => {
    event.preventDefault();
    const k = key.trim();
    if (k === "") {
      setKeyError("give the tag's key");
      return;
    }
    setKeyError(undefined);
    void run(
      `Setting tag ${k}=${value} on ${label}`,
      "TagResources",
      { "Tag.1.Key": k, "Tag.1.Value": value },
      `Tag ${k}=${value} set on ${label}.`,
    ).then((changed) => {
      // A refused change keeps what was typed, so it can be corrected or tried as someone else.
      if (!changed) return;
      setKey("");
      setValue("");
    });
  };

  const goldenWords = props.requiredTags.map((tag) => `${tag.key}=${tag.values.join("|")}`).join(", ");
  return (
    <section class="panel tag-editor" aria-labelledby="tag-editor-title">
      <div class="tag-editor-head">
        <h2 id="tag-editor-title">
          Tags of {label} <span class="mono muted">{image.imageId}</span>
        </h2>
        <button type="button" class="button-secondary" onClick={props.onClose}>
          Close tags
        </button>
      </div>
      {notOwned === undefined ? (
        <p class="field-hint">
          Golden images carry {goldenWords === "" ? "the golden tags" : <code>{goldenWords}</code>}; guardrail
          policies usually refuse tag changes on images to everyone but the image pipeline. A refusal is
          explained here.
        </p>
      ) : (
        <p class="notice" id="tag-editor-not-owned">
          {notOwned}
        </p>
      )}
      {tags.length === 0 ? (
        <p>This image has no tags.</p>
      ) : (
        <ul class="tag-editor-list" aria-label={`Tags of ${label}`}>
          {tags.map(([k, v]) => (
            <li key={k}>
              <code>
                {k}={v}
              </code>{" "}
              <button
                type="button"
                class="button-link"
                disabled={busy || notOwned !== undefined}
                aria-describedby={notOwned === undefined ? undefined : "tag-editor-not-owned"}
                onClick={() =>
                  void run(
                    `Removing tag ${k} from ${label}`,
                    "UntagResources",
                    { "TagKey.1": k },
                    `Tag ${k} removed from ${label}.`,
                  )
                }
              >
                Remove tag {k}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="form-row tag-editor-form" onSubmit={add} aria-label={`Add a tag to ${label}`}>
        <Field id="tag-editor-key" label="Tag key" {...(keyError === undefined ? {} : { error: keyError })}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={key}
              disabled={busy || notOwned !== undefined}
              onInput={(event) => setKey((event.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="tag-editor-value" label="Tag value">
          {(control) => (
            <input
              {...control}
              type="text"
              value={value}
              disabled={busy || notOwned !== undefined}
              onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <div class="field form-button">
          <button type="submit" class="button-primary" disabled={busy || notOwned !== undefined}>
            {busy ? "Saving…" : "Add tag"}
          </button>
        </div>
      </form>
      <StatusRegion label="Tag changes" tone={outcome?.kind === "done" ? "success" : "info"}>
        {outcome?.kind === "done" ? outcome.text : ""}
      </StatusRegion>
      {outcome?.kind === "failed" ? (
        // No required tags here: what decides a tag change is who may change tags, not what the
        // image carries.
        <ErrorPanel
          error={outcome.error}
          context={outcome.what}
          {...(props.image.imageName
            ? { resourceNames: { [props.image.imageId]: props.image.imageName } }
            : {})}
        />
      ) : null}
    </section>
  );
}
