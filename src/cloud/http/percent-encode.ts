// RFC 3986 percent-encoding as both signature versions define it: every byte of the UTF-8 form is
// encoded except the unreserved set A-Z a-z 0-9 - _ . ~ (so space is %20, `*` is %2A, `~` is kept).
// encodeURIComponent leaves ! ' ( ) * alone, which is exactly the gap the SDKs close by hand.
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `name=value` pairs sorted by name and joined with `&`, both sides percent-encoded. */
export function canonicalQueryString(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? "")}`)
    .join("&");
}
