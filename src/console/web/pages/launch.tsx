import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ErrorPanel } from "../components/error-panel.js";
import { Field } from "../components/field.js";
import { PageHeader } from "../components/page-header.js";
import { StatusRegion } from "../components/status-region.js";
import type { TagPair } from "../components/tag-chips.js";
import { api, asApiError } from "../lib/api.js";
import { listOf } from "../lib/format.js";
import { navigate } from "../lib/router.js";
import { useSession } from "../lib/session.js";
import { GoldenSetting } from "./images/golden-setting.js";
import { describeGap, goldenFilter, goldenGaps } from "./images/golden-tags.js";
import {
  ALL_IMAGE_STATUSES,
  describeImagesParams,
  readImagesPage,
  type ImageRow,
} from "./images/image-row.js";
import { RegionSelect } from "./images/region-select.js";
import { chipsToFilters } from "./images/tag-query.js";
import { useGoldenCriteria } from "./images/use-golden-criteria.js";
import { useGoldenImages } from "./images/use-golden-images.js";
import { useLoad } from "./images/use-load.js";
import { judgeImage } from "./instances/compliance.js";
import type { PageProps } from "./index.js";
import { ImagePicker } from "./launch/image-picker.js";
import {
  cpuArchitectureOf,
  describeInstanceType,
  describeSecurityGroup,
  describeVSwitch,
  loadInstanceTypes,
  loadSecurityGroups,
  loadVSwitches,
} from "./launch/launch-options.js";
import { pickGoldenReplacement } from "./launch/pick-golden.js";
import "./images/images.css";
import "./launch/launch.css";

// Create instance (RunInstances as the signed-in user). The image picker starts among golden images;
// a refusal is explained under the form (which policy and statement, what the image lacks) with a
// one-click switch to the newest golden image of the same system that keeps everything else.

const PREFERRED_TYPE = "ecs.g7.large";
const MAX_AMOUNT = 100;

type Outcome =
  | {
      readonly kind: "launched";
      readonly instanceIds: readonly string[];
      readonly image: ImageRow | undefined;
    }
  | { readonly kind: "failed"; readonly error: unknown; readonly image: ImageRow | undefined };

interface FormErrors {
  image?: string;
  instanceType?: string;
  vSwitch?: string;
  securityGroup?: string;
  amount?: string;
}

export function LaunchPage(props: PageProps) {
  const { session } = useSession();
  const golden = useGoldenCriteria();
  const requested = props.query.get("image") ?? undefined;
  const [regionId, setRegionId] = useState(props.query.get("region") ?? session.regionId);
  // `undefined`: follow the golden tags (which may still be loading).
  const [chips, setChips] = useState<readonly TagPair[] | undefined>(
    requested === undefined ? undefined : [],
  );
  const [imageId, setImageId] = useState(requested ?? "");
  /** An image chosen on purpose (from the Images page, or by the switch), kept even when unlisted. */
  const [pinned, setPinned] = useState<string | undefined>(requested);
  const [instanceType, setInstanceType] = useState("");
  const [vSwitchId, setVSwitchId] = useState("");
  const [securityGroupId, setSecurityGroupId] = useState("");
  const [name, setName] = useState("");
  const [amount, setAmount] = useState("1");
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [notice, setNotice] = useState("");
  const launchButton = useRef<HTMLButtonElement>(null);

  const goldenTags = goldenFilter(golden.criteria.requiredTags);
  const goldenChips: TagPair[] = goldenTags.map((tag) => ({ key: tag.key, value: tag.value ?? "" }));
  const shownChips = chips ?? goldenChips;
  const chipKey = shownChips.map((c) => `${c.key}=${c.value}`).join("&");
  const judge = (image: ImageRow) => judgeImage(image, golden.criteria);

  const waitForCriteria = chips === undefined && golden.loading;
  const images = useLoad(
    () =>
      waitForCriteria
        ? Promise.resolve(undefined)
        : api
            .call(
              "Ecs",
              "DescribeImages",
              describeImagesParams({
                regionId,
                status: "Available",
                tags: chipsToFilters(shownChips),
                pageSize: 100,
              }),
            )
            .then((body) => readImagesPage(body).images),
    [regionId, chipKey, waitForCriteria],
  );
  const goldenImages = useGoldenImages(regionId, golden);
  const listed = images.data;
  const inList = listed?.find((image) => image.imageId === imageId);
  const selectedLookup = useLoad(
    () =>
      imageId === "" || inList !== undefined
        ? Promise.resolve(inList)
        : api
            .call(
              "Ecs",
              "DescribeImages",
              describeImagesParams({ regionId, imageIds: [imageId], status: ALL_IMAGE_STATUSES }),
            )
            .then((body) => readImagesPage(body).images[0]),
    [regionId, imageId, inList === undefined],
  );
  const selected = inList ?? selectedLookup.data;

  const types = useLoad(loadInstanceTypes, []);
  const vSwitches = useLoad(() => loadVSwitches(regionId), [regionId]);
  const groups = useLoad(() => loadSecurityGroups(regionId), [regionId]);

  // Keep the image choice among what the filter lists, unless it was chosen on purpose.
  useEffect(() => {
    if (listed === undefined) return;
    if (imageId !== "" && (imageId === pinned || listed.some((image) => image.imageId === imageId))) return;
    setImageId(listed[0]?.imageId ?? "");
  }, [listed, imageId, pinned]);

  const architecture = selected === undefined ? undefined : cpuArchitectureOf(selected.architecture);
  const typeOptions = useMemo(
    () =>
      (types.data ?? []).filter(
        (type) => architecture === undefined || type.cpuArchitecture === architecture,
      ),
    [types.data, architecture],
  );
  useEffect(() => {
    if (typeOptions.length === 0 || typeOptions.some((type) => type.instanceTypeId === instanceType)) return;
    setInstanceType(
      (typeOptions.find((type) => type.instanceTypeId === PREFERRED_TYPE) ?? typeOptions[0])
        ?.instanceTypeId ?? "",
    );
  }, [typeOptions, instanceType]);

  const switchOptions = useMemo(
    () =>
      [...(vSwitches.data ?? [])].sort(
        (a, b) => Number(b.isDefault) - Number(a.isDefault) || a.zoneId.localeCompare(b.zoneId),
      ),
    [vSwitches.data],
  );
  useEffect(() => {
    if (switchOptions.length === 0 || switchOptions.some((v) => v.vSwitchId === vSwitchId)) return;
    setVSwitchId(switchOptions[0]?.vSwitchId ?? "");
  }, [switchOptions, vSwitchId]);
  const vpcId = switchOptions.find((v) => v.vSwitchId === vSwitchId)?.vpcId;
  // A security group and the vSwitch must be in one VPC (RunInstances refuses otherwise).
  const groupOptions = useMemo(
    () => (groups.data ?? []).filter((group) => vpcId === undefined || group.vpcId === vpcId),
    [groups.data, vpcId],
  );
  useEffect(() => {
    if (groupOptions.length === 0 || groupOptions.some((g) => g.securityGroupId === securityGroupId)) {
      if (groupOptions.length === 0 && securityGroupId !== "") setSecurityGroupId("");
      return;
    }
    setSecurityGroupId(
      (groupOptions.find((g) => g.securityGroupName === "default") ?? groupOptions[0])?.securityGroupId ?? "",
    );
  }, [groupOptions, securityGroupId]);

  const changeChips = (next: readonly TagPair[]): void => {
    setChips(next);
    setPinned(undefined);
  };

  const validate = (): FormErrors => {
    const found: FormErrors = {};
    if (imageId === "") found.image = "choose an image";
    if (instanceType === "") found.instanceType = "choose an instance type";
    if (vSwitchId === "") found.vSwitch = "choose a vSwitch";
    if (securityGroupId === "") found.securityGroup = "choose a security group in the vSwitch's VPC";
    const n = Number(amount);
    if (!/^[0-9]+$/.test(amount.trim()) || n < 1 || n > MAX_AMOUNT) {
      found.amount = `give a whole number from 1 to ${MAX_AMOUNT}`;
    }
    return found;
  };

  const launch = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setNotice("The form has problems: see the fields marked.");
      return;
    }
    setBusy(true);
    setNotice("");
    setOutcome(undefined);
    const image = selected;
    try {
      const body = await api.call("Ecs", "RunInstances", {
        RegionId: regionId,
        ImageId: imageId,
        InstanceType: instanceType,
        VSwitchId: vSwitchId,
        SecurityGroupId: securityGroupId,
        Amount: amount.trim(),
        ...(name.trim() === "" ? {} : { InstanceName: name.trim() }),
      });
      const ids = listOf<string>(body["InstanceIdSets"], "InstanceIdSet");
      setOutcome({ kind: "launched", instanceIds: ids, image });
    } catch (error) {
      setOutcome({ kind: "failed", error, image });
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (image: ImageRow, why: string): void => {
    setChips(undefined);
    setImageId(image.imageId);
    setPinned(image.imageId);
    setOutcome(undefined);
    setNotice(
      `Switched to the golden image ${image.imageName || image.imageId} (${image.imageId}), ${why}. The rest of the form is unchanged: launch again.`,
    );
    launchButton.current?.focus();
  };

  const failure = outcome?.kind === "failed" ? asApiError(outcome.error) : undefined;
  const requiredTags = golden.criteria.requiredTags.flatMap((tag) =>
    tag.values[0] === undefined ? [] : [{ key: tag.key, value: tag.values[0] }],
  );

  return (
    <>
      <PageHeader title="Create instance" />
      <GoldenSetting golden={golden} />
      <form
        class="launch-form"
        onSubmit={(event) => void launch(event)}
        aria-label="Create instance"
        noValidate
      >
        <div class="form-row">
          <RegionSelect
            id="launch-region"
            value={regionId}
            disabled={busy}
            onChange={(value) => {
              setRegionId(value);
              setPinned(undefined);
              setImageId("");
            }}
          />
        </div>
        <ImagePicker
          chips={shownChips}
          goldenChips={goldenChips}
          onChipsChange={changeChips}
          images={listed}
          listError={images.error}
          imageId={imageId}
          onImageChange={(id) => {
            setImageId(id);
            setPinned(id);
          }}
          selected={selected}
          judge={judge}
          disabled={busy}
        />
        {errors.image === undefined ? null : <p class="field-error">{errors.image}</p>}
        <div class="form-row">
          <Field
            id="launch-type"
            label="Instance type"
            {...(errors.instanceType === undefined ? {} : { error: errors.instanceType })}
          >
            {(control) =>
              types.error !== undefined ? (
                <ErrorPanel error={types.error} context="Listing instance types" />
              ) : (
                <select
                  {...control}
                  value={instanceType}
                  disabled={busy}
                  onChange={(event) => setInstanceType((event.currentTarget as HTMLSelectElement).value)}
                >
                  {typeOptions.length === 0 ? (
                    <option value="">
                      {types.loading ? "Listing instance types…" : "No instance type fits the image"}
                    </option>
                  ) : null}
                  {typeOptions.map((type) => (
                    <option key={type.instanceTypeId} value={type.instanceTypeId}>
                      {describeInstanceType(type)}
                    </option>
                  ))}
                </select>
              )
            }
          </Field>
          <Field
            id="launch-vswitch"
            label="Zone and vSwitch"
            {...(errors.vSwitch === undefined ? {} : { error: errors.vSwitch })}
          >
            {(control) =>
              vSwitches.error !== undefined ? (
                <ErrorPanel error={vSwitches.error} context="Listing vSwitches" />
              ) : (
                <select
                  {...control}
                  value={vSwitchId}
                  disabled={busy}
                  onChange={(event) => setVSwitchId((event.currentTarget as HTMLSelectElement).value)}
                >
                  {switchOptions.length === 0 ? (
                    <option value="">
                      {vSwitches.loading ? "Listing vSwitches…" : "No vSwitch in this region"}
                    </option>
                  ) : null}
                  {switchOptions.map((v) => (
                    <option key={v.vSwitchId} value={v.vSwitchId}>
                      {describeVSwitch(v)}
                    </option>
                  ))}
                </select>
              )
            }
          </Field>
          <Field
            id="launch-group"
            label="Security group"
            {...(errors.securityGroup === undefined ? {} : { error: errors.securityGroup })}
          >
            {(control) =>
              groups.error !== undefined ? (
                <ErrorPanel error={groups.error} context="Listing security groups" />
              ) : (
                <select
                  {...control}
                  value={securityGroupId}
                  disabled={busy}
                  onChange={(event) => setSecurityGroupId((event.currentTarget as HTMLSelectElement).value)}
                >
                  {groupOptions.length === 0 ? (
                    <option value="">
                      {groups.loading ? "Listing security groups…" : "No security group in the vSwitch's VPC"}
                    </option>
                  ) : null}
                  {groupOptions.map((g) => (
                    <option key={g.securityGroupId} value={g.securityGroupId}>
                      {describeSecurityGroup(g)}
                    </option>
                  ))}
                </select>
              )
            }
          </Field>
        </div>
        <div class="form-row">
          <Field id="launch-name" label="Instance name" hint="optional; the cloud names it otherwise">
            {(control) => (
              <input
                {...control}
                type="text"
                value={name}
                disabled={busy}
                onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field
            id="launch-amount"
            label="Amount"
            {...(errors.amount === undefined ? {} : { error: errors.amount })}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                max={MAX_AMOUNT}
                value={amount}
                disabled={busy}
                onInput={(event) => setAmount((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div class="field form-button">
            <button ref={launchButton} type="submit" class="button-primary" disabled={busy}>
              {busy ? "Launching…" : "Launch"}
            </button>
          </div>
        </div>
      </form>
      <StatusRegion label="Launch result" tone={outcome?.kind === "launched" ? "success" : "info"}>
        {outcome?.kind === "launched" ? (
          <>
            Launched{" "}
            {outcome.instanceIds.length === 1 ? "instance" : `${outcome.instanceIds.length} instances`}{" "}
            {outcome.instanceIds.map((id) => (
              <code key={id}>{id}</code>
            ))}{" "}
            from {outcome.image?.imageName || imageId}.{" "}
            <a
              href={`/console/instances?region=${encodeURIComponent(regionId)}`}
              onClick={(event) => {
                event.preventDefault();
                navigate(`/console/instances?region=${encodeURIComponent(regionId)}`);
              }}
            >
              Show in Instances
            </a>
          </>
        ) : (
          notice
        )}
      </StatusRegion>
      {outcome?.kind === "failed" && failure !== undefined ? (
        <ErrorPanel
          error={outcome.error}
          context={`Launching from ${outcome.image?.imageName || imageId}`}
          requiredTags={requiredTags}
          {...(outcome.image?.imageName
            ? { resourceNames: { [outcome.image.imageId]: outcome.image.imageName } }
            : {})}
          action={
            failure.accessDenied === undefined ? undefined : (
              <SwitchOffer
                failed={outcome.image}
                golden={goldenImages.data}
                goldenError={goldenImages.error}
                deniedOnImage={deniedOnImage(failure.accessDenied.explanation?.request.resources)}
                criteria={golden.criteria}
                decoded={failure.accessDenied.explanation !== undefined}
                onSwitch={switchTo}
              />
            )
          }
        />
      ) : null}
    </>
  );
}

/** Whether the refused check was about an image (undefined: not decoded, so not known). */
function deniedOnImage(resources: readonly string[] | undefined): boolean | undefined {
  return resources === undefined ? undefined : resources.some((arn) => arn.includes(":image/"));
}

interface SwitchOfferProps {
  readonly failed: ImageRow | undefined;
  readonly golden: readonly ImageRow[] | undefined;
  readonly goldenError: unknown;
  readonly deniedOnImage: boolean | undefined;
  readonly criteria: Parameters<typeof judgeImage>[1];
  readonly decoded: boolean;
  readonly onSwitch: (image: ImageRow, why: string) => void;
}

/** Under a denial: what the image lacks (when the decoded message could not say) and the switch. */
function SwitchOffer(props: SwitchOfferProps) {
  const failed = props.failed;
  const verdict = failed === undefined ? undefined : judgeImage(failed, props.criteria);
  // A refusal of something else than the image (the instance type, say) is not cured by another image.
  if (props.deniedOnImage === false || verdict?.verdict === "compliant") return null;
  const gaps = failed === undefined ? [] : goldenGaps(failed.tags, props.criteria.requiredTags);
  const pick = props.golden === undefined ? undefined : pickGoldenReplacement(failed, props.golden);
  return (
    <div class="switch-offer">
      {!props.decoded && failed !== undefined && verdict !== undefined ? (
        <p>
          The image <code>{failed.imageName || failed.imageId}</code> is not golden:{" "}
          {gaps.length > 0 ? gaps.map(describeGap).join(", ") : verdict.reasons.join("; ")}.
        </p>
      ) : null}
      {props.goldenError !== undefined ? (
        <p>Golden images could not be listed ({asApiError(props.goldenError).message}).</p>
      ) : props.golden === undefined ? (
        <p>Looking for a golden image…</p>
      ) : pick === undefined ? (
        <p>
          No golden image{" "}
          {failed === undefined ? "" : `of the same system (${failed.platform || failed.osType}) `}exists in
          this region: ask the image pipeline team for one.
        </p>
      ) : (
        <button type="button" class="button-primary" onClick={() => props.onSwitch(pick.image, pick.why)}>
          Switch to a golden image
        </button>
      )}
      {pick === undefined ? null : (
        <span class="switch-offer-target">
          {" "}
          → {pick.image.imageName || pick.image.imageId} ({pick.why})
        </span>
      )}
    </div>
  );
}
