import { useEffect, useState } from "preact/hooks";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { SelectField } from "../../components/select-field.js";
import {
  listPolicies,
  loadPolicy,
  type LoadedPolicy,
  type PolicyEntry,
  type PolicySource,
} from "./policy-store.js";

// Choose a RAM policy or a control policy of the directory and load its document into the editor.
// Listing and reading are the signed-in user's own calls: a refusal is explained here.

export interface PolicyLoaderProps {
  readonly onLoad: (policy: LoadedPolicy) => void;
}

const SOURCE_LABEL: Readonly<Record<PolicySource, string>> = {
  ram: "RAM policies",
  control: "Control policies (Resource Directory)",
};

export function PolicyLoader(props: PolicyLoaderProps) {
  const [source, setSource] = useState<PolicySource>("ram");
  const [entries, setEntries] = useState<readonly PolicyEntry[] | undefined>();
  const [listError, setListError] = useState<unknown>();
  const [chosen, setChosen] = useState("");
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>();

  useEffect(() => {
    let current = true;
    setEntries(undefined);
    setListError(undefined);
    setChosen("");
    listPolicies(source)
      .then((list) => {
        if (current) setEntries(list);
      })
      .catch((err: unknown) => {
        if (current) setListError(err);
      });
    return () => {
      current = false;
    };
  }, [source]);

  const keyOf = (entry: PolicyEntry): string => `${entry.policyType}:${entry.id ?? entry.name}`;
  const load = async (): Promise<void> => {
    const entry = entries?.find((candidate) => keyOf(candidate) === chosen);
    if (entry === undefined) return;
    setLoading(true);
    setLoadError(undefined);
    try {
      props.onLoad(await loadPolicy(entry));
    } catch (err) {
      setLoadError(err);
    } finally {
      setLoading(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="policy-load-heading">
      <h2 id="policy-load-heading">Load a policy</h2>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <SelectField
          id="policy-source"
          label="Policy source"
          value={source}
          labels={SOURCE_LABEL}
          onChange={setSource}
        />
        <Field id="policy-choice" label="Policy">
          {(control) => (
            <select
              {...control}
              value={chosen}
              disabled={entries === undefined || entries.length === 0}
              onChange={(event) => setChosen((event.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">
                {listError !== undefined
                  ? "Could not list policies"
                  : entries === undefined
                    ? "Loading…"
                    : entries.length === 0
                      ? "No policies"
                      : "Choose a policy…"}
              </option>
              {(["Custom", "System"] as const).map((type) => {
                const group = (entries ?? []).filter((entry) => entry.policyType === type);
                return group.length === 0 ? null : (
                  <optgroup key={type} label={type === "Custom" ? "Custom (editable)" : "System (read only)"}>
                    {group.map((entry) => (
                      <option key={keyOf(entry)} value={keyOf(entry)}>
                        {entry.name}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          )}
        </Field>
        <button type="submit" class="button-secondary" disabled={chosen === "" || loading}>
          {loading ? "Loading…" : "Load into the editor"}
        </button>
      </form>
      {listError === undefined ? null : (
        <ErrorPanel error={listError} context={`Listing ${SOURCE_LABEL[source].toLowerCase()}`} />
      )}
      {loadError === undefined ? null : <ErrorPanel error={loadError} context="Reading the policy" />}
    </section>
  );
}
