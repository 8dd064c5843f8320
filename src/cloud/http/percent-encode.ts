// RFC 3986 percent-encoding as both signature versions define it: every byte of the UTF-8 form is
// encoded except the unreserved set A-Z a-z 0-9 - _ . ~ (so space is %20, `*` is %2A, `~` is kept).
// encodeURIComponent leaves ! ' ( ) * alone, which is exactly the gap the SDKs close by hand.
const SDK_RESERVED = /[!'()*]/g;
// A string of unreserved characters only (most names and values) is its own encoding.
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

export function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(value).replace(
    SDK_RESERVED,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `name=value` pairs sorted by name and joined with `&`, both sides percent-encoded. */
export function canonicalQueryString(params: Readonly<Record<string, string>>): string {
  const names = Object.keys(params).sort();
  let text = "";
  for (const name of names) {
    if (text !== "") text += "&";
    text += `${percentEncode(name)}=${percentEncode(params[name] ?? "")}`;
  }
  return text;
}
