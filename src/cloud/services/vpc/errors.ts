import { CloudError } from "../../http/index.js";

// VPC's own error codes (2016-04-28), with the statuses and wording of Alibaba's VPC API reference
// (CreateVpc, CreateVSwitch). Two codes keep Alibaba's spelling mistakes (`Discription`,
// `InvalidCirdrBlock`): callers match codes literally.

export function vpcNotFound(): CloudError {
  return new CloudError("InvalidVpcId.NotFound", 404, "Specified VPC does not exist.");
}

export function zoneNotFound(): CloudError {
  return new CloudError("InvalidZoneId.NotFound", 404, "Specified zone does not exist.");
}

/** Not `a.b.c.d/n`, or host bits set. */
export function cidrMalformed(): CloudError {
  return new CloudError("InvalidCidrBlock.Malformed", 400, "Specified CIDR block is not valid.");
}

/** A VPC block in a reserved range, or with a mask Alibaba does not offer for VPCs. */
export function vpcCidrInvalid(detail: string): CloudError {
  return new CloudError("InvalidParameter", 400, `Specified CIDR block is not valid: ${detail}.`);
}

/** A vSwitch block whose mask is outside 16..29. */
export function vSwitchMaskLength(): CloudError {
  return new CloudError(
    "InvalidCirdrBlock.MaskLength",
    400,
    "Specified CIDR block is not valid: a vSwitch mask is 16 to 29 bits long.",
  );
}

export function cidrNotInVpc(): CloudError {
  return new CloudError("InvalidParameter", 400, "Specified CIDR block is not valid in VPC.");
}

export function cidrOverlapped(other: string): CloudError {
  return new CloudError(
    "InvalidCidrBlock.Overlapped",
    400,
    `Specified CIDR block overlapped with other subnets: \`${other}\`.`,
  );
}

export function vpcQuotaExceeded(limit: number): CloudError {
  return new CloudError(
    "QuotaExceeded.Vpc",
    400,
    `VPC quota exceeded: an account has at most ${limit} VPCs in a region besides its default VPC.`,
  );
}

export function vSwitchQuotaExceeded(limit: number): CloudError {
  return new CloudError(
    "QuotaExceeded.VSwitch",
    400,
    `Virtual switch quota exceeded: a VPC has at most ${limit} vSwitches besides its default ones.`,
  );
}

export function vpcNameMalformed(): CloudError {
  return new CloudError("InvalidVpcName.Malformed", 400, "Specified VPC name is not valid.");
}

export function vpcDescriptionMalformed(): CloudError {
  return new CloudError("InvalidVpcDiscription.Malformed", 400, "Specified VPC description is not valid.");
}

export function vSwitchNameMalformed(): CloudError {
  return new CloudError("InvalidVSwitchName.Malformed", 400, "Specified virtual switch name is not valid.");
}

export function vSwitchDescriptionMalformed(): CloudError {
  return new CloudError(
    "InvalidVSwitchDiscription.Malformed",
    400,
    "Specified virtual switch description is not valid.",
  );
}
