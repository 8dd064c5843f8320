// Private addresses are kept as text (what the API answers) and, for the allocator, as a number:
// the lowest free address of a vSwitch is found from the highest one held and how many are held,
// which an index answers by number, not by text ("172.16.0.10" sorts before "172.16.0.9").

/**
 * The number of an IPv4 address written as the allocator writes them (`a.b.c.d`, no leading zeros);
 * undefined for any other text, which then holds no address. One text per number, so distinct
 * texts give distinct numbers.
 */
export function ipv4Number(text: string): number | undefined {
  let address = 0;
  let octet = 0;
  let digits = 0;
  let octets = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : DOT;
    if (code === DOT) {
      if (digits === 0 || ++octets > 4) return undefined;
      address = address * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (code >= ZERO && code <= NINE) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (code - ZERO);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? address : undefined;
}

const DOT = 46;
const ZERO = 48;
const NINE = 57;
