import { useMemo, useState } from "preact/hooks";
import { Badge } from "../components/badge.js";
import { DataTable, type Column } from "../components/data-table.js";
import { ErrorPanel } from "../components/error-panel.js";
import { Field } from "../components/field.js";
import { PageHeader } from "../components/page-header.js";
import { Pager } from "../components/pager.js";
import { TagChips } from "../components/tag-chips.js";
import { api } from "../lib/api.js";
import { navigate } from "../lib/router.js";
import { useSession } from "../lib/session.js";
import { GoldenSetting } from "./images/golden-setting.js";
import { goldenFilter } from "./images/golden-tags.js";
import {
  ageInDays,
  ALL_IMAGE_STATUSES,
  describeImagesParams,
  OWNER_ALIASES,
  readImagesPage,
  type ImageRow,
  type OwnerAlias,
} from "./images/image-row.js";
import { RegionSelect } from "./images/region-select.js";
import { TagEditor } from "./images/tag-editor.js";
import { chipsToFilters, tagListingQuery } from "./images/tag-query.js";
import { useGoldenCriteria } from "./images/use-golden-criteria.js";
import { useLoad } from "./images/use-load.js";
import { judgeImage } from "./instances/compliance.js";
import type { PageProps } from "./index.js";
import "./images/images.css";

// Images: the brief's first path. Find images by tag (key/value chips, several at once, sent as
// DescribeImages Tag.N so the cloud filters), see owner, status and age, spot the golden ones, and
// edit an image's tags where the policies allow. Every filter lives in the URL.

const PAGE_SIZE = 20;

const OWNER_LABELS: Readonly<Record<OwnerAlias, string>> = {
  self: "Mine (self)",
  others: "Shared with me (others)",
  system: "Alibaba Cloud (system)",
  marketplace: "Marketplace",
};

const STATUSES = ["Available", "Deprecated", "Creating", "Waiting", "UnAvailable", "CreateFailed"] as const;

export function ImagesPage(props: PageProps) {
  const { session } = useSession();
  const golden = useGoldenCriteria();
  const regionId = props.query.get("region") ?? session.regionId;
  const ownerParam = props.query.get("owner") ?? "";
  const owner = OWNER_ALIASES.find((alias) => alias === ownerParam);
  const status = props.query.get("status") ?? "Available";
  const { chips, chipKey, page, update } = tagListingQuery(props.query);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const listing = useLoad(
    () =>
      api
        .call(
          "Ecs",
          "DescribeImages",
          describeImagesParams({
            regionId,
            ...(owner === undefined ? {} : { ownerAlias: owner }),
            status,
            tags: chipsToFilters(chips),
            pageNumber: page,
            pageSize: PAGE_SIZE,
          }),
        )
        .then(readImagesPage),
    [regionId, owner, status, chipKey, page],
  );

  const judged = useMemo(
    () =>
      new Map(
        (listing.data?.images ?? []).map((image) => [image.imageId, judgeImage(image, golden.criteria)]),
      ),
    [listing.data, golden.criteria],
  );
  const now = new Date();
  const selected = listing.data?.images.find((image) => image.imageId === selectedId);

  const columns: Column<ImageRow>[] = [
    {
      id: "name",
      header: "Image",
      value: (image) => `${image.imageName} ${image.imageId}`,
      render: (image) => (
        <>
          <div class="row-name cell-wrap">{image.imageName || "(no name)"}</div>
          {/* Alibaba's public images are named by their id: said once. */}
          {image.imageName === image.imageId ? null : <div class="mono muted cell-wrap">{image.imageId}</div>}
        </>
      ),
    },
    {
      id: "golden",
      header: "Golden",
      value: (image) => (judged.get(image.imageId)?.verdict === "compliant" ? "golden" : "not golden"),
      render: (image) => {
        const verdict = judged.get(image.imageId);
        return verdict?.verdict === "compliant" ? (
          <Badge tone="ok" title="carries every golden tag">
            golden
          </Badge>
        ) : (
          <Badge tone="neutral" title={verdict?.reasons.join("; ")}>
            not golden
          </Badge>
        );
      },
    },
    {
      id: "owner",
      header: "Owner",
      value: (image) => `${image.ownerAlias} ${image.ownerId}`,
      render: (image) => (
        <>
          <div>{image.ownerAlias}</div>
          {image.ownerId === "" ? null : <div class="mono muted cell-wrap">{image.ownerId}</div>}
        </>
      ),
    },
    { id: "status", header: "Status", value: (image) => image.status },
    { id: "os", header: "OS", value: (image) => image.osName || image.platform },
    {
      id: "age",
      header: "Age",
      align: "end",
      value: (image) => ageInDays(image.creationTime, now),
      render: (image) => {
        const days = ageInDays(image.creationTime, now);
        return days === undefined ? (
          ""
        ) : (
          <span title={image.creationTime}>{days === 1 ? "1 day" : `${days} days`}</span>
        );
      },
    },
    {
      id: "tags",
      header: "Tags",
      value: (image) =>
        Object.entries(image.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(" "),
      render: (image) => (
        <ul class="image-tags">
          {Object.entries(image.tags).map(([k, v]) => (
            <li key={k} class="chip">
              {k}={v}
            </li>
          ))}
        </ul>
      ),
    },
    {
      id: "actions",
      header: "Actions",
      render: (image) => {
        const label = image.imageName || image.imageId;
        return (
          <div class="row-actions">
            <button
              type="button"
              class="button-link"
              aria-label={`Edit tags of ${label}`}
              onClick={() => setSelectedId(image.imageId)}
            >
              Tags
            </button>
            <a
              href={`/console/launch?region=${encodeURIComponent(regionId)}&image=${encodeURIComponent(image.imageId)}`}
              aria-label={`Launch from ${label}`}
              onClick={(event) => {
                event.preventDefault();
                navigate(
                  `/console/launch?region=${encodeURIComponent(regionId)}&image=${encodeURIComponent(image.imageId)}`,
                );
              }}
            >
              Launch
            </a>
          </div>
        );
      },
    },
  ];

  const total = listing.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const goldenChips = goldenFilter(golden.criteria.requiredTags).map((tag) => ({
    key: tag.key,
    value: tag.value ?? "",
  }));

  return (
    <>
      <PageHeader title="Images" />
      <GoldenSetting golden={golden} />
      <div class="toolbar">
        <RegionSelect id="images-region" value={regionId} onChange={(value) => update({ region: value })} />
        <Field id="images-owner" label="Owner">
          {(control) => (
            <select
              {...control}
              value={owner ?? ""}
              onChange={(event) => update({ owner: (event.currentTarget as HTMLSelectElement).value })}
            >
              <option value="">Any owner</option>
              {OWNER_ALIASES.map((alias) => (
                <option key={alias} value={alias}>
                  {OWNER_LABELS[alias]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="images-status" label="Status">
          {(control) => (
            <select
              {...control}
              value={status}
              onChange={(event) => update({ status: (event.currentTarget as HTMLSelectElement).value })}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
              <option value={ALL_IMAGE_STATUSES}>Any status</option>
              {/* A link may carry another combination: shown as it is rather than as a choice it is not. */}
              {[...STATUSES, ALL_IMAGE_STATUSES].some((s) => s === status) ? null : (
                <option value={status}>{status}</option>
              )}
            </select>
          )}
        </Field>
      </div>
      <div class="images-tag-filter">
        <TagChips id="images-tags" label="Tag filter" tags={chips} onChange={(tags) => update({}, tags)} />
        <div class="page-actions">
          <button
            type="button"
            class="button-secondary"
            onClick={() => update({}, goldenChips)}
            disabled={goldenChips.length === 0}
          >
            Golden images only
          </button>
          <button
            type="button"
            class="button-secondary"
            onClick={() => update({}, [])}
            disabled={chips.length === 0}
          >
            Clear tag filter
          </button>
        </div>
      </div>
      {listing.error !== undefined ? (
        <ErrorPanel error={listing.error} context="Listing images" />
      ) : (
        <>
          <DataTable
            caption={`Images in ${regionId}${chips.length === 0 ? "" : ` tagged ${chips.map((c) => (c.value === "" ? c.key : `${c.key}=${c.value}`)).join(", ")}`}`}
            columns={columns}
            rows={listing.loading ? undefined : listing.data?.images}
            rowKey={(image) => image.imageId}
            emptyText={chips.length === 0 ? "No images." : "No image carries every tag of the filter."}
            {...(selectedId === undefined ? {} : { selectedKey: selectedId })}
          />
          <Pager
            label="Image pages"
            page={page}
            pages={pages}
            total={total}
            noun="image"
            busy={listing.loading}
            onPage={(next) => update({ page: String(next) })}
          />
        </>
      )}
      {selected === undefined ? null : (
        <TagEditor
          key={selected.imageId}
          regionId={regionId}
          image={selected}
          requiredTags={golden.criteria.requiredTags}
          onChanged={listing.reload}
          onClose={() => setSelectedId(undefined)}
        />
      )}
    </>
  );
}
