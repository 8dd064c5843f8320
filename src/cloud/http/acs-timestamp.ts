// The clock a request claims to have been signed at, which both signature versions check.
//
// Requests signed within the same second carry the same text, so the last one parsed is kept: under
// load most requests skip the pattern match and the calendar checks.

let lastParsed: { readonly text: string; readonly time: number | undefined } | undefined;

/**
 * `yyyy-MM-ddTHH:mm:ssZ`, the form both SDKs send; fractional seconds are accepted because older
 * SDKs sent milliseconds. Impossible dates (February 30th) are rejected, not rolled over.
 */
export function parseAcsTimestamp(text: string): Date | undefined {
  if (lastParsed?.text !== text) lastParsed = { text, time: parseAcsTime(text) };
  return lastParsed.time === undefined ? undefined : new Date(lastParsed.time);
}

function parseAcsTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? "0").padEnd(3, "0"));
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return roundTrips ? date.getTime() : undefined;
}
