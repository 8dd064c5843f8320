import { useMemo, useState } from "preact/hooks";
import { DataTable, type Column } from "../components/data-table.js";
import { ErrorPanel } from "../components/error-panel.js";
import { Field } from "../components/field.js";
import { PageHeader } from "../components/page-header.js";
import { Pager } from "../components/pager.js";
import { TagChips } from "../components/tag-chips.js";
import { api } from "../lib/api.js";
import { formatTime } from "../lib/format.js";
import { useSession } from "../lib/session.js";
import { GoldenSetting } from "./images/golden-setting.js";
import { RegionSelect } from "./images/region-select.js";
import { chipsToFilters, tagListingQuery } from "./images/tag-query.js";
import { useGoldenCriteria } from "./images/use-golden-criteria.js";
import { useGoldenImages } from "./images/use-golden-images.js";
import { useLoad } from "./images/use-load.js";
import type { PageProps } from "./index.js";
import { judgeImage, type Compliance } from "./instances/compliance.js";
import { lookUpImages } from "./instances/image-lookup.js";
import { ComplianceBadge, StatusBadge } from "./instances/instance-badges.js";
import { InstancePanel } from "./instances/instance-panel.js";
import {
  describeInstancesParams,
  INSTANCE_STATUSES,
  readInstancesPage,
  type InstanceRow,
} from "./instances/instance-row.js";
import "./images/images.css";
import "./instances/instances.css";

// Instances: the account's instances in a region with a compliance badge each (does it run a golden
// image, judged with the scan's verdict words), and the actions that fix one: stop, replace the
// system disk with a golden image, start.

const PAGE_SIZE = 50;

export function InstancesPage(props: PageProps) {
  const { session } = useSession();
  const golden = useGoldenCriteria();
  const regionId = props.query.get("region") ?? session.regionId;
  const status = props.query.get("status") ?? "";
  const { chips, chipKey, page, update } = tagListingQuery(props.query);
  const [selectedId, setSelectedId] = useState<string | undefined>(props.query.get("instance") ?? undefined);
  const listing = useLoad(
    () =>
      api
        .call(
          "Ecs",
          "DescribeInstances",
          describeInstancesParams({
            regionId,
            status,
            tags: chipsToFilters(chips),
            pageNumber: page,
            pageSize: PAGE_SIZE,
          }),
        )
        .then(readInstancesPage),
    [regionId, status, chipKey, page],
  );
  const instances = listing.data?.instances;
  const imageIds = useMemo(() => [...new Set((instances ?? []).map((i) => i.imageId))].sort(), [instances]);
  const images = useLoad(
    () => (instances === undefined ? Promise.resolve(undefined) : lookUpImages(regionId, imageIds)),
    [regionId, imageIds.join(","), instances],
  );
  const goldenImages = useGoldenImages(regionId, golden);

  const complianceOf = (instance: InstanceRow): Compliance => {
    if (images.error !== undefined || images.data === undefined) {
      return judgeImage("unknown", golden.criteria);
    }
    return judgeImage(images.data.found.get(instance.imageId), golden.criteria);
  };

  const columns: Column<InstanceRow>[] = [
    {
      id: "name",
      header: "Instance",
      value: (i) => `${i.instanceName} ${i.instanceId}`,
      render: (i) => (
        <>
          <div class="row-name">{i.instanceName || "(no name)"}</div>
          <div class="mono muted cell-wrap">{i.instanceId}</div>
        </>
      ),
    },
    {
      id: "status",
      header: "Status",
      value: (i) => i.status,
      render: (i) => <StatusBadge status={i.status} />,
    },
    {
      id: "image",
      header: "Image",
      value: (i) => `${images.data?.found.get(i.imageId)?.imageName ?? ""} ${i.imageId}`,
      render: (i) => {
        const name =
          images.data?.found.get(i.imageId)?.imageName ??
          (images.data?.deleted.has(i.imageId) === true ? "(deleted)" : "");
        // Alibaba's public images are named by their id: said once.
        return (
          <>
            {name === "" || name === i.imageId ? null : <div class="cell-wrap">{name}</div>}
            <div class="mono muted cell-wrap">{i.imageId}</div>
          </>
        );
      },
    },
    {
      id: "compliance",
      header: "Compliance",
      value: (i) => complianceOf(i).label,
      render: (i) => <ComplianceBadge compliance={complianceOf(i)} />,
    },
    {
      id: "type",
      header: "Type and zone",
      value: (i) => `${i.instanceType} ${i.zoneId}`,
      render: (i) => (
        <>
          <div>{i.instanceType}</div>
          <div class="muted">{i.zoneId}</div>
        </>
      ),
    },
    {
      id: "ip",
      header: "Private IP",
      value: (i) => i.privateIp,
      render: (i) => (
        <span class="mono" title={`created ${formatTime(i.creationTime)}`}>
          {i.privateIp}
        </span>
      ),
    },
    {
      id: "actions",
      header: "Actions",
      render: (i) => (
        <button
          type="button"
          class="button-link"
          aria-label={`Manage ${i.instanceName || i.instanceId}`}
          onClick={() => setSelectedId(i.instanceId)}
        >
          Manage
        </button>
      ),
    },
  ];

  const total = listing.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const selected = instances?.find((i) => i.instanceId === selectedId);
  const counts = useMemo(() => {
    if (instances === undefined || images.data === undefined) return undefined;
    const compliant = instances.filter(
      (i) => judgeImage(images.data?.found.get(i.imageId), golden.criteria).verdict === "compliant",
    ).length;
    return { compliant, other: instances.length - compliant };
  }, [instances, images.data, golden.criteria]);

  return (
    <>
      <PageHeader title="Instances" />
      <GoldenSetting golden={golden} />
      <div class="toolbar">
        <RegionSelect
          id="instances-region"
          value={regionId}
          onChange={(value) => update({ region: value })}
        />
        <Field id="instances-status" label="Status">
          {(control) => (
            <select
              {...control}
              value={status}
              onChange={(event) => update({ status: (event.currentTarget as HTMLSelectElement).value })}
            >
              <option value="">Any status</option>
              {INSTANCE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <TagChips
        id="instances-tags"
        label="Instance tag filter"
        tags={chips}
        onChange={(tags) => update({}, tags)}
      />
      {listing.error !== undefined ? (
        <ErrorPanel error={listing.error} context="Listing instances" />
      ) : (
        <>
          {images.error === undefined ? null : (
            <ErrorPanel
              error={images.error}
              context="Reading the instances' images to judge their compliance"
            />
          )}
          {counts === undefined ? null : (
            <p class="instances-summary">
              {counts.compliant} of {counts.compliant + counts.other} instance
              {counts.compliant + counts.other === 1 ? "" : "s"} on this page run a golden image.
            </p>
          )}
          <DataTable
            caption={`Instances in ${regionId}`}
            columns={columns}
            rows={listing.loading && instances === undefined ? undefined : instances}
            rowKey={(i) => i.instanceId}
            onRowActivate={(i) => setSelectedId(i.instanceId)}
            emptyText="No instances match."
            {...(selectedId === undefined ? {} : { selectedKey: selectedId })}
          />
          <Pager
            label="Instance pages"
            page={page}
            pages={pages}
            total={total}
            noun="instance"
            busy={listing.loading}
            onPage={(next) => update({ page: String(next) })}
          />
        </>
      )}
      {selected === undefined ? null : (
        <InstancePanel
          key={selected.instanceId}
          regionId={regionId}
          instance={selected}
          image={images.data?.found.get(selected.imageId)}
          compliance={complianceOf(selected)}
          golden={goldenImages.data}
          goldenError={goldenImages.error}
          requiredTags={golden.criteria.requiredTags}
          onChanged={listing.reload}
          onClose={() => setSelectedId(undefined)}
        />
      )}
    </>
  );
}
