// Date-time condition values, read the same way on the policy side and the context side:
//   - `2019-08-12T17:00:00+08:00`, `2019-08-12T09:00:00Z`, with optional fractional seconds, and the
//     seconds themselves optional (`2019-08-12T17:00+08:00`); the offset may be written `+0800`;
//   - a date alone, `2019-08-12`, read as midnight UTC.
// A date-time without an offset is refused: which time zone it means is exactly what a reader of the
// policy would get wrong. Epoch seconds are refused too: Alibaba Cloud documents ISO 8601 only, and a
// bare number in a Date condition is far more often a mistake than an intent.
//
// Read by hand rather than with a regular expression: `acs:CurrentTime` is read on every request
// that meets a Date condition, and this allocates nothing.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

let lastRaw: string | undefined;
let lastValue: number | undefined;

/** Milliseconds since the epoch (UTC) of `raw`, or undefined when it is not a date this engine reads. */
export function parseDate(raw: string): number | undefined {
  // Several conditions of one request read the same `acs:CurrentTime`.
  if (raw !== lastRaw) {
    lastValue = read(raw);
    lastRaw = raw;
  }
  return lastValue;
}

function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

function read(s: string): number | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  if (n === 10) return ms;

  // `T hh:mm`
  if (n < 16 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return undefined;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let i = 16;
  let second = 0;
  let fraction = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return undefined;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      const start = ++i;
      let scale = 100;
      while (i < n && i - start < 10) {
        const c = s.charCodeAt(i) - 48;
        if (!(c >= 0 && c <= 9)) break;
        fraction += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start || i - start > 9) return undefined;
    }
  }
  ms += ((hour * 60 + minute) * 60 + second) * 1000 + fraction;

  // `Z`, `+hh:mm` or `+hhmm`
  const sign = s.charCodeAt(i);
  if (sign === 90) return i + 1 === n ? ms : undefined;
  if (sign !== 43 && sign !== 45) return undefined;
  const offsetHours = digits(s, i + 1, 2);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const offsetMinutes = digits(s, i + 3 + colon, 2);
  if (i + 5 + colon !== n || offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
    return undefined;
  }
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return sign === 45 ? ms + offset : ms - offset;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] as number;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm); `Date.UTC` would read
// years 0–99 as 1900–1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
