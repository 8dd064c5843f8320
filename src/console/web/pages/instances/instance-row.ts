import type { TagFilter } from "../images/golden-tags.js";
import { field, num, readEcsTags, str, withTagsAndPage } from "../images/image-row.js";

// DescribeInstances as the Instances page uses it: flat RPC parameters in, plain rows out.

export const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"] as const;

/** A status an instance passes through on its way to Running or Stopped. */
export function isTransitional(status: string): boolean {
  return status === "Pending" || status === "Starting" || status === "Stopping";
}

export interface InstanceRow {
  readonly instanceId: string;
  readonly instanceName: string;
  readonly status: string;
  readonly imageId: string;
  readonly instanceType: string;
  readonly zoneId: string;
  readonly osName: string;
  readonly privateIp: string;
  readonly creationTime: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface InstancesQuery {
  readonly regionId: string;
  readonly status?: string;
  readonly tags?: readonly TagFilter[];
  readonly instanceIds?: readonly string[];
  readonly pageNumber?: number;
  readonly pageSize?: number;
}

export function describeInstancesParams(query: InstancesQuery): Record<string, string> {
  const params: Record<string, string> = { RegionId: query.regionId };
  if (query.status !== undefined && query.status !== "") params.Status = query.status;
  // InstanceIds is a JSON array on the wire (the DescribeInstances reference).
  if (query.instanceIds !== undefined) params.InstanceIds = JSON.stringify(query.instanceIds);
  return withTagsAndPage(params, query);
}

export interface InstancesPage {
  readonly instances: InstanceRow[];
  readonly totalCount: number;
}

export function readInstancesPage(body: Readonly<Record<string, unknown>>): InstancesPage {
  const list = field(field(body, "Instances"), "Instance");
  const instances = Array.isArray(list) ? list.map((item) => readInstance(item)) : [];
  return { instances, totalCount: num(body["TotalCount"]) ?? instances.length };
}

function readInstance(raw: unknown): InstanceRow {
  const ips = field(field(field(raw, "VpcAttributes"), "PrivateIpAddress"), "IpAddress");
  return {
    instanceId: str(field(raw, "InstanceId")),
    instanceName: str(field(raw, "InstanceName")),
    status: str(field(raw, "Status")),
    imageId: str(field(raw, "ImageId")),
    instanceType: str(field(raw, "InstanceType")),
    zoneId: str(field(raw, "ZoneId")),
    osName: str(field(raw, "OSNameEn")) || str(field(raw, "OSName")),
    privateIp: Array.isArray(ips) ? str(ips[0]) : "",
    creationTime: str(field(raw, "CreationTime")),
    tags: readEcsTags(field(raw, "Tags")),
  };
}
