import { useState } from "preact/hooks";
import { Field } from "../../components/field.js";
import { formatRequiredTags, parseRequiredTags } from "./golden-tags.js";
import type { GoldenState } from "./use-golden-criteria.js";

// Says what "golden" means on the cloud pages and where that comes from; without a guardrail spec,
// lets the user set the golden tags (kept in this browser).

export function GoldenSetting(props: { golden: GoldenState }) {
  const { golden } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const words = formatRequiredTags(golden.criteria.requiredTags);

  if (golden.loading) return <p class="golden-setting muted">Reading the golden criteria…</p>;
  if (golden.source === "spec") {
    return (
      <p class="golden-setting">
        Golden images carry <code>{words}</code>
        {golden.criteria.trustedOwners === undefined ? (
          ""
        ) : (
          <>
            {" "}
            and are owned by{" "}
            {golden.criteria.trustedOwners.map((o) => (
              <code key={o}>{o}</code>
            ))}
          </>
        )}{" "}
        — from the guardrail spec <code>{golden.specFile}</code>.
      </p>
    );
  }
  return (
    <div class="golden-setting">
      <p>
        Golden images carry <code>{words}</code> (your setting
        {golden.specProblem === undefined ? (
          ""
        ) : (
          <>; no guardrail spec is used: {golden.specProblem.message}</>
        )}
        ).{" "}
        {editing ? null : (
          <button
            type="button"
            class="button-link"
            onClick={() => {
              setText(words);
              setError(undefined);
              setEditing(true);
            }}
          >
            Change golden tags
          </button>
        )}
      </p>
      {editing ? (
        <form
          class="form-row"
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = parseRequiredTags(text);
            if (!parsed.ok) {
              setError(parsed.message);
              return;
            }
            golden.setSetting(parsed.tags);
            setEditing(false);
          }}
        >
          <Field
            id="golden-tags"
            label="Golden tags"
            hint="key=value, comma-separated; several allowed values as key=a|b"
            {...(error === undefined ? {} : { error })}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                value={text}
                onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div class="field form-button">
            <button type="submit" class="button-primary">
              Save golden tags
            </button>
          </div>
          <div class="field form-button">
            <button type="button" class="button-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
