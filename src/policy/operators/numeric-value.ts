// Numbers as condition values: an optional sign, digits with an optional fraction, an optional
// exponent (`1e-7` is how JSON numbers such as 0.0000001 read as strings). No whitespace, no hex,
// no `Infinity`: anything `Number()` would quietly accept beyond that is more likely a mistake.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

let lastRaw: string | undefined;
let lastValue: number | undefined;

/** The value of `raw` as a number, or undefined when it is not one. */
export function parseNumber(raw: string): number | undefined {
  // Several conditions of one request often read the same context value.
  if (raw !== lastRaw) {
    lastValue = NUMBER.test(raw) ? Number(raw) : undefined;
    if (lastValue !== undefined && !Number.isFinite(lastValue)) lastValue = undefined;
    lastRaw = raw;
  }
  return lastValue;
}
