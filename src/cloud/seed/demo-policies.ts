// The policy documents of the demo organisation, as text (the RAM and Resource Manager APIs take
// them as strings). Two come verbatim from the product brief (seed/000_…txt); the third is the
// Deny form of the same intent, which is what actually restricts anything under a folder that
// keeps `FullAliyunAccess` attached.

/** Actions that create an instance from an image, or write an image onto an instance's disk. */
const IMAGE_CONSUMING_ACTIONS = ["ecs:CreateInstance", "ecs:RunInstances", "ecs:ReplaceSystemDisk"];

/**
 * The brief's policy, verbatim: allow launches only from images tagged environment=production and
 * refuse the listed image tag changes. As a RAM policy it is the developers' launch permission; as
 * a control policy (the brief's enterprise example) it restricts nothing, because the Allow only
 * adds to `FullAliyunAccess` — the demo attaches it to Development to show exactly that.
 */
export const SEED_POLICY_DOCUMENT = JSON.stringify(
  {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: IMAGE_CONSUMING_ACTIONS,
        Resource: "*",
        Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
      },
      {
        Effect: "Deny",
        Action: ["ecs:DeleteTags", "ecs:UntagResources", "ecs:CreateTags", "ecs:TagResources"],
        Resource: "acs:ecs:*:*:image/*",
      },
    ],
  },
  null,
  2,
);

/**
 * The guardrail attached to Production, the demo's simple hand-written example: explicit denies, so
 * they hold whatever else is attached. The launch statement names only image ARNs: the launch
 * check's resource set holds the image's ARN (spec §6), and a Deny on `*` would read the same
 * condition for no gain. The tag statement covers every API that changes the tags of an existing
 * image, the ECS aliases AddTags/RemoveTags and the Tag service included, which the brief's list
 * misses. It covers nothing else: an image created, copied or imported with `Tag.N`
 * `environment=production` launches, and so does an image another account tagged and shared (no
 * owner condition). The generated guardrail (`imageguard guardrail plan`) closes both.
 */
export const GUARDRAIL_CONTROL_POLICY_DOCUMENT = JSON.stringify(
  {
    Version: "1",
    Statement: [
      {
        Sid: "DenyLaunchFromUnapprovedImages",
        Effect: "Deny",
        Action: IMAGE_CONSUMING_ACTIONS,
        Resource: "acs:ecs:*:*:image/*",
        Condition: { StringNotEquals: { "acs:ResourceTag/environment": "production" } },
      },
      {
        Sid: "DenyImageTagChanges",
        Effect: "Deny",
        Action: [
          "ecs:TagResources",
          "ecs:UntagResources",
          "ecs:AddTags",
          "ecs:RemoveTags",
          "ecs:CreateTags",
          "ecs:DeleteTags",
          "tag:TagResources",
          "tag:UntagResources",
        ],
        Resource: "acs:ecs:*:*:image/*",
      },
    ],
  },
  null,
  2,
);

/**
 * Lets a user open the `EncodedDiagnosticMessage` of their own denials, so the console and the SDK can
 * say which policy and statement refused a launch and which tags the image lacks. Alibaba grants
 * this only by policy too.
 */
export const EXPLAIN_DENIALS_POLICY_DOCUMENT = JSON.stringify(
  {
    Version: "1",
    Statement: [{ Effect: "Allow", Action: "ram:DecodeDiagnosticMessage", Resource: "*" }],
  },
  null,
  2,
);
