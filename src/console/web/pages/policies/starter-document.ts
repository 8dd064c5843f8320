// What the editor opens with: the product brief's RAM policy, so there is something to validate and
// simulate before anything is loaded.
export const STARTER_DOCUMENT = `{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ecs:CreateInstance", "ecs:RunInstances", "ecs:ReplaceSystemDisk"],
      "Resource": "*",
      "Condition": {
        "StringEquals": { "acs:ResourceTag/environment": "production" }
      }
    },
    {
      "Effect": "Deny",
      "Action": ["ecs:DeleteTags", "ecs:UntagResources", "ecs:CreateTags", "ecs:TagResources"],
      "Resource": "acs:ecs:*:*:image/*"
    }
  ]
}
`;
