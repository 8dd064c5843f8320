// The web app's shared library, in one place (pages import the files directly; tests import here).
export { api, ApiError, asApiError, onSessionLost, setCsrfToken } from "./api.js";
export type { CallParams } from "./api.js";
export { describeDenial } from "./describe-denial.js";
export type {
  DenialDescription,
  DescribeDenialOptions,
  RequiredTag,
  TagShortfall,
} from "./describe-denial.js";
export type {
  AccessDeniedDetail,
  AccessDeniedInfo,
  ApiErrorBody,
  DecodedDenial,
  DecodeFailure,
} from "./denial-types.js";
export { ageInDays, formatTime, listOf } from "./format.js";
export { followLink, navigate, setQuery, useLocation } from "./router.js";
export type { Location } from "./router.js";
export { principalTypeLabel, SessionContext, useSession } from "./session.js";
export type { SessionIdentity, SessionState, SessionView } from "./session.js";
