// What resolveConnection decides: which keys, which region, which endpoint, and where each came from
// (so that a command can say "profile `security-admin` of `.imageguard/credentials.json`, local cloud
// at http://127.0.0.1:8930" and a user can see why).

/** An AccessKey pair, or STS credentials with their token. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** The aliyun CLI profile modes imageguard reads; the others are refused by name. */
export type SupportedProfileMode = "AK" | "StsToken";

export type CredentialSource =
  | {
      readonly kind: "profile";
      readonly profile: string;
      readonly mode: SupportedProfileMode;
      /** Absolute path of the aliyun CLI config file. */
      readonly file: string;
      /** How the file was chosen. */
      readonly fileChosenBy: "option" | "local-cloud" | "aliyun-cli";
      /** How the profile was chosen. */
      readonly profileChosenBy: "option" | "environment" | "current";
    }
  | {
      readonly kind: "environment";
      /** The variable names that were read, e.g. `ALIBABA_CLOUD_ACCESS_KEY_ID`. */
      readonly variables: readonly string[];
    };

/**
 * `single`: one endpoint serves every product (the local cloud); `alibaba`: Alibaba Cloud's public
 * endpoints, one per product (and region for the regional products).
 */
export type EndpointSetting =
  | {
      readonly kind: "single";
      /** `http://127.0.0.1:8930`. */
      readonly url: string;
      /** `127.0.0.1:8930`, what the SDKs take as `endpoint`. */
      readonly host: string;
      readonly protocol: "http" | "https";
      readonly chosenBy: "option" | "environment" | "local-cloud";
    }
  | { readonly kind: "alibaba" };

export interface Connection {
  readonly credentials: Credentials;
  readonly regionId: string;
  readonly endpoint: EndpointSetting;
  readonly source: CredentialSource;
  readonly regionChosenBy: "option" | "profile" | "environment" | "default";
}
