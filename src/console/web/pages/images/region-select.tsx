import { Field } from "../../components/field.js";
import { api, asApiError } from "../../lib/api.js";
import { listOf } from "../../lib/format.js";
import { useSession } from "../../lib/session.js";
import { str, field } from "./image-row.js";
import { useLoad } from "./use-load.js";

// The region a cloud page works in, from DescribeRegions. A caller who may not list regions still
// works in its session's region: the select then offers that one and says why.

/** Per signed-in key: what one user may list says nothing of the next user's rights. */
const regions = new Map<string, Promise<string[]>>();

function loadRegions(accessKeyId: string): Promise<string[]> {
  let found = regions.get(accessKeyId);
  if (found === undefined) {
    found = api.call("Ecs", "DescribeRegions", {}).then(
      (body) => listOf<unknown>(body["Regions"], "Region").map((region) => str(field(region, "RegionId"))),
      (err: unknown) => {
        regions.delete(accessKeyId);
        throw err;
      },
    );
    regions.set(accessKeyId, found);
  }
  return found;
}

export interface RegionSelectProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (regionId: string) => void;
  readonly disabled?: boolean;
}

export function RegionSelect(props: RegionSelectProps) {
  const { accessKeyId } = useSession().session.identity;
  const loaded = useLoad(() => loadRegions(accessKeyId), [accessKeyId]);
  const options =
    loaded.data !== undefined && loaded.data.includes(props.value)
      ? loaded.data
      : [props.value, ...(loaded.data ?? [])];
  const hint =
    loaded.error === undefined
      ? undefined
      : `regions could not be listed (${asApiError(loaded.error).code}); working in ${props.value}`;
  return (
    <Field id={props.id} label="Region" {...(hint === undefined ? {} : { hint })}>
      {(control) => (
        <select
          {...control}
          value={props.value}
          disabled={props.disabled}
          onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
        >
          {options.map((regionId) => (
            <option key={regionId} value={regionId}>
              {regionId}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
