import { Badge } from "../../components/badge.js";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { TagChips, type TagPair } from "../../components/tag-chips.js";
import type { ImageRow } from "../images/image-row.js";
import type { Compliance } from "../instances/compliance.js";

// The launch form's image picker: a tag filter that starts as the golden tags (so the choice starts
// among golden images), buttons to widen it to every image or narrow it back, and the images that
// match, each saying whether it is golden.

export interface ImagePickerProps {
  readonly chips: readonly TagPair[];
  readonly goldenChips: readonly TagPair[];
  readonly onChipsChange: (chips: readonly TagPair[]) => void;
  /** `undefined` while listing. */
  readonly images: readonly ImageRow[] | undefined;
  readonly listError: unknown;
  readonly imageId: string;
  readonly onImageChange: (imageId: string) => void;
  /** The chosen image even when the filter hides it (it was chosen from the Images page, say). */
  readonly selected: ImageRow | undefined;
  readonly judge: (image: ImageRow) => Compliance;
  readonly disabled: boolean;
}

function optionText(image: ImageRow, verdict: Compliance): string {
  const name = image.imageName === "" ? image.imageId : `${image.imageName} (${image.imageId})`;
  return `${name} — ${verdict.verdict === "compliant" ? "golden" : "not golden"}`;
}

export function ImagePicker(props: ImagePickerProps) {
  const listed = props.images ?? [];
  const options =
    props.selected !== undefined && !listed.some((image) => image.imageId === props.selected?.imageId)
      ? [props.selected, ...listed]
      : listed;
  const onlyGolden =
    props.chips.length === props.goldenChips.length &&
    props.goldenChips.every((g) => props.chips.some((c) => c.key === g.key && c.value === g.value));
  const verdict = props.selected === undefined ? undefined : props.judge(props.selected);

  return (
    <fieldset class="launch-image" disabled={props.disabled}>
      <legend>Image</legend>
      <div class="images-tag-filter">
        <TagChips
          id="launch-image-tags"
          label="Image tag filter"
          tags={props.chips}
          onChange={props.onChipsChange}
        />
        <div class="page-actions">
          {onlyGolden ? (
            <button type="button" class="button-secondary" onClick={() => props.onChipsChange([])}>
              Show all images
            </button>
          ) : (
            <button
              type="button"
              class="button-secondary"
              onClick={() => props.onChipsChange(props.goldenChips)}
            >
              Golden images only
            </button>
          )}
        </div>
      </div>
      {props.listError !== undefined ? (
        <ErrorPanel error={props.listError} context="Listing images" />
      ) : (
        <Field
          id="launch-image"
          label="Image"
          hint={
            props.images === undefined
              ? "Listing images…"
              : `${listed.length} image${listed.length === 1 ? "" : "s"} match the filter${onlyGolden ? " (the golden tags)" : ""}`
          }
        >
          {(control) => (
            <select
              {...control}
              value={props.imageId}
              required
              onChange={(event) => props.onImageChange((event.currentTarget as HTMLSelectElement).value)}
            >
              {/* While listing, say so: "no image matches" would be a wrong answer for a moment. */}
              {options.length > 0 ? null : props.images === undefined ? (
                <option value="">Listing images…</option>
              ) : (
                <option value="">No image matches the filter</option>
              )}
              {options.map((image) => (
                <option key={image.imageId} value={image.imageId}>
                  {optionText(image, props.judge(image))}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {props.selected === undefined || verdict === undefined ? null : (
        <p class="launch-image-verdict" aria-live="polite">
          {verdict.verdict === "compliant" ? (
            <Badge tone="ok">golden</Badge>
          ) : (
            <Badge tone="warn" title={verdict.reasons.join("; ")}>
              not golden
            </Badge>
          )}{" "}
          {props.selected.osName || props.selected.platform} · {props.selected.architecture} · owner{" "}
          {props.selected.ownerAlias}
          {verdict.reasons.length === 0 ? "" : ` — ${verdict.reasons.join("; ")}`}
        </p>
      )}
    </fieldset>
  );
}
