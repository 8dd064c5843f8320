// A JSON parser that remembers where every value came from. JSON.parse forgets positions and
// silently keeps the last of two duplicate keys; policy validation needs both, so that every
// problem can point at a line and column and duplicates can be reported instead of dropped.
// The grammar is strict RFC 8259: no comments, no trailing commas, no single quotes. Lax input
// gets a message that names what it saw, because these are the mistakes people make in policies.

/** 1-based; columns count Unicode code points, so a character outside the BMP is one column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

interface NodeBase extends SourcePosition {
  /** UTF-16 offset of the value's first character in the source text. */
  readonly offset: number;
}

export interface JsonObjectNode extends NodeBase {
  readonly type: "object";
  /** Every member in source order, duplicates included. */
  readonly members: readonly JsonMember[];
}

export interface JsonArrayNode extends NodeBase {
  readonly type: "array";
  readonly items: readonly JsonNode[];
}

export interface JsonStringNode extends NodeBase {
  readonly type: "string";
  readonly value: string;
}

export interface JsonNumberNode extends NodeBase {
  readonly type: "number";
  /** The number as written: `1.50` stays `1.50` and a 19-digit account id keeps every digit. */
  readonly raw: string;
}

export interface JsonBooleanNode extends NodeBase {
  readonly type: "boolean";
  readonly value: boolean;
}

export interface JsonNullNode extends NodeBase {
  readonly type: "null";
}

export type JsonNode =
  JsonObjectNode | JsonArrayNode | JsonStringNode | JsonNumberNode | JsonBooleanNode | JsonNullNode;

export interface JsonMember {
  readonly key: string;
  /** Position of the key's opening quote. */
  readonly keyPosition: SourcePosition;
  readonly value: JsonNode;
}

export type JsonErrorCode = "json-syntax" | "json-comment" | "json-trailing-comma" | "json-too-deep";

export interface JsonSyntaxError extends SourcePosition {
  readonly code: JsonErrorCode;
  readonly message: string;
  readonly help: string;
}

export type JsonParseResult =
  { readonly ok: true; readonly root: JsonNode } | { readonly ok: false; readonly error: JsonSyntaxError };

/**
 * Nesting limit. A policy needs five levels; the limit exists so that hostile input like
 * `[[[[...` ends as a problem rather than a stack overflow.
 */
export const MAX_JSON_DEPTH = 64;

/** User input as quoted in a message: long input is cut, so one bad value cannot flood a report. */
export function excerpt(text: string, max = 60): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Parses strict JSON, keeping positions and duplicate keys. Never throws. */
export function parseJsonSource(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    return { ok: true, root: parser.parseDocument() };
  } catch (thrown) {
    if (thrown instanceof JsonFailure) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

/** Maps UTF-16 offsets to line and code-point column. Lines end at LF, CRLF or CR. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x0a) this.lineStarts.push(i + 1);
      else if (ch === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  // Positions are mostly asked for in increasing order; continuing from the last answer keeps
  // a long single-line (minified) document linear instead of quadratic.
  private cache = { offset: 0, line: 1, column: 1 };

  positionAt(offset: number): SourcePosition {
    const cache = this.cache;
    const nextLineStart = this.lineStarts[cache.line] ?? Infinity;
    if (offset >= cache.offset && offset < nextLineStart) {
      const column = cache.column + countCodePoints(this.text, cache.offset, offset);
      this.cache = { offset, line: cache.line, column };
      return { line: cache.line, column };
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    const start = this.lineStarts[low] as number;
    const column = countCodePoints(this.text, start, offset) + 1;
    this.cache = { offset, line: low + 1, column };
    return { line: low + 1, column };
  }
}

function countCodePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    const isPairStart = ch >= 0xd800 && ch <= 0xdbff && i + 1 < to;
    if (isPairStart) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

class JsonFailure extends Error {
  constructor(readonly error: JsonSyntaxError) {
    super(error.message);
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// What a user probably meant as one token, for messages: a bare word, a number-ish run.
const WORDISH = /[A-Za-z0-9_$+\-.]+/y;

class Parser {
  private pos = 0;
  private depth = 0;
  /** Where the most recent `,` was, so a trailing comma is reported where it can be deleted. */
  private lastComma = 0;
  private readonly lines: LineIndex;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  parseDocument(): JsonNode {
    if (this.text.charCodeAt(0) === 0xfeff) {
      this.fail(
        "json-syntax",
        0,
        "the document starts with a byte-order mark",
        "save the file as UTF-8 without a byte-order mark",
      );
    }
    this.skipWhitespace();
    if (this.pos >= this.text.length) {
      this.fail(
        "json-syntax",
        this.pos,
        "the document is empty",
        'write a JSON object such as `{"Version": "1", "Statement": [...]}`',
      );
    }
    const root = this.parseValue("the document");
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      this.unexpected(
        "after the end of the document",
        "a policy is a single JSON object; remove what follows its closing `}`",
      );
    }
    return root;
  }

  private parseValue(what: string): JsonNode {
    const offset = this.pos;
    const ch = this.text[offset];
    switch (ch) {
      case "{":
        return this.parseObject();
      case "[":
        return this.parseArray();
      case '"': {
        const position = this.at(offset);
        return { type: "string", value: this.parseString(), offset, ...position };
      }
      case undefined:
        return this.fail(
          "json-syntax",
          offset,
          `unexpected end of the document, expected ${what}`,
          "the document looks cut off; complete it or check for a missing closing bracket",
        );
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) return this.parseNumber();
    if (this.text.startsWith("true", offset) && !this.isWordCharAt(offset + 4)) {
      this.pos += 4;
      return { type: "boolean", value: true, offset, ...this.at(offset) };
    }
    if (this.text.startsWith("false", offset) && !this.isWordCharAt(offset + 5)) {
      this.pos += 5;
      return { type: "boolean", value: false, offset, ...this.at(offset) };
    }
    if (this.text.startsWith("null", offset) && !this.isWordCharAt(offset + 4)) {
      this.pos += 4;
      return { type: "null", offset, ...this.at(offset) };
    }
    return this.unexpected(`where ${what} was expected`, undefined);
  }

  private parseObject(): JsonObjectNode {
    const offset = this.pos;
    const position = this.at(offset);
    const members: JsonMember[] = [];
    this.parseElements(
      "}",
      () => {
        const keyOffset = this.pos;
        if (this.text[keyOffset] !== '"') this.badKey(keyOffset);
        const keyPosition = this.at(keyOffset);
        const key = this.parseString();
        this.skipWhitespace();
        if (this.text[this.pos] !== ":") {
          this.unexpected(
            `after the key \`${excerpt(key)}\`, expected \`:\``,
            'write each member as `"Key": value`',
          );
        }
        this.pos++;
        this.skipWhitespace();
        const value = this.parseValue(`the value of \`${excerpt(key)}\``);
        members.push({ key, keyPosition, value });
      },
      (after) => {
        const key = (members[members.length - 1] as JsonMember).key;
        if (after === '"') {
          this.fail(
            "json-syntax",
            this.pos,
            `missing \`,\` after the value of \`${excerpt(key)}\``,
            "separate the members of an object with commas",
          );
        }
        return this.unexpected(
          `after the value of \`${excerpt(key)}\`, expected \`,\` or \`}\``,
          "separate the members of an object with commas and close it with `}`",
        );
      },
    );
    return { type: "object", members, offset, ...position };
  }

  private parseArray(): JsonArrayNode {
    const offset = this.pos;
    const position = this.at(offset);
    const items: JsonNode[] = [];
    this.parseElements(
      "]",
      () => items.push(this.parseValue("an array element")),
      (after) => {
        if (after === '"' || after === "{" || after === "[") {
          this.fail(
            "json-syntax",
            this.pos,
            "missing `,` between array elements",
            "separate the elements of an array with commas",
          );
        }
        return this.unexpected(
          "after an array element, expected `,` or `]`",
          "separate the elements of an array with commas and close it with `]`",
        );
      },
    );
    return { type: "array", items, offset, ...position };
  }

  /**
   * The brackets and commas objects and arrays share, from the opening bracket at the current
   * position to past the closing one: `parseElement` reads one element (starting at its first
   * character), `badSeparator` reports what follows an element when it is neither `,` nor `closer`.
   */
  private parseElements(
    closer: "}" | "]",
    parseElement: () => void,
    badSeparator: (after: string | undefined) => never,
  ): void {
    this.enter(this.pos);
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === closer) {
      this.pos++;
      this.depth--;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      // Past the first element only a comma leads back here, so a closer now follows a comma.
      if (this.text[this.pos] === closer) this.trailingComma(this.lastComma, closer);
      parseElement();
      this.skipWhitespace();
      const after = this.text[this.pos];
      if (after === ",") {
        this.lastComma = this.pos;
        this.pos++;
        continue;
      }
      if (after === closer) {
        this.pos++;
        this.depth--;
        return;
      }
      badSeparator(after);
    }
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++;
    let value = "";
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code) || code === 0x0a || code === 0x0d) {
        this.fail(
          "json-syntax",
          start,
          "unterminated string",
          'close the string with `"`; a string cannot span lines (write a line break as `\\n`)',
        );
      }
      if (code === 0x22) {
        value += this.text.slice(runStart, this.pos);
        this.pos++;
        return value;
      }
      if (code < 0x20) {
        this.fail(
          "json-syntax",
          this.pos,
          `control character U+${code.toString(16).toUpperCase().padStart(4, "0")} inside a string`,
          "write it as an escape such as `\\t`, or remove it",
        );
      }
      if (code === 0x5c) {
        value += this.text.slice(runStart, this.pos);
        value += this.parseEscape();
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private parseEscape(): string {
    const start = this.pos;
    const letter = this.text[start + 1];
    if (letter === "u") {
      const hex = this.text.slice(start + 2, start + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.pos = start + 6;
        return String.fromCharCode(parseInt(hex, 16));
      }
      this.fail(
        "json-syntax",
        start,
        `invalid unicode escape \`\\u${hex.replace(/[^\x20-\x7e]/g, "")}\``,
        "a `\\u` escape needs exactly four hexadecimal digits, e.g. `\\u00e9`",
      );
    }
    const replacement = letter === undefined ? undefined : ESCAPES[letter];
    if (replacement === undefined) {
      const shown = letter === undefined || letter < " " ? "\\" : `\\${letter}`;
      this.fail(
        "json-syntax",
        start,
        `invalid escape \`${shown}\` in a string`,
        'JSON escapes are `\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`; write a backslash as `\\\\`',
      );
    }
    this.pos = start + 2;
    return replacement;
  }

  private parseNumber(): JsonNumberNode {
    const offset = this.pos;
    NUMBER.lastIndex = offset;
    const match = NUMBER.exec(this.text);
    const raw = match?.[0] ?? "";
    const end = offset + raw.length;
    if (raw === "" || raw === "-" || this.isWordCharAt(end)) {
      WORDISH.lastIndex = offset;
      const word = WORDISH.exec(this.text)?.[0] ?? this.text.slice(offset, offset + 1);
      this.fail(
        "json-syntax",
        offset,
        `invalid number \`${excerpt(word)}\``,
        "JSON numbers are decimal, without leading zeros, `+` signs, hexadecimal or a bare `.`; condition values are best written as strings anyway",
      );
    }
    const position = this.at(offset);
    this.pos = end;
    return { type: "number", raw, offset, ...position };
  }

  private badKey(offset: number): never {
    const ch = this.text[offset];
    if (ch === "'") {
      this.fail(
        "json-syntax",
        offset,
        "object keys must be in double quotes, found a single quote",
        'write keys as `"Key"`',
      );
    }
    const word = this.bareWordAt(offset);
    if (word !== undefined) {
      this.fail(
        "json-syntax",
        offset,
        `object keys must be in double quotes, found \`${excerpt(word)}\``,
        `write \`"${excerpt(word)}"\``,
      );
    }
    return this.unexpected("where an object key was expected", 'write each member as `"Key": value`');
  }

  private trailingComma(commaOffset: number, closer: "}" | "]"): never {
    return this.fail(
      "json-trailing-comma",
      commaOffset,
      `trailing comma before \`${closer}\``,
      "remove the comma after the last element; JSON does not allow trailing commas",
    );
  }

  /** Reports the character at the current position, recognising comments and pasted typography. */
  private unexpected(where: string, help: string | undefined): never {
    const offset = this.pos;
    const rest = this.text.slice(offset, offset + 2);
    if (rest === "//" || rest === "/*" || rest[0] === "#") {
      this.fail(
        "json-comment",
        offset,
        "comments are not allowed in JSON",
        "remove the comment; to label a statement, give it a `Sid`",
      );
    }
    const ch = this.text.codePointAt(offset);
    if (ch === undefined) {
      this.fail(
        "json-syntax",
        offset,
        `unexpected end of the document ${where}`,
        help ?? "the document looks cut off; complete it or check for a missing closing bracket",
      );
    }
    const shown = String.fromCodePoint(ch);
    if (ch === 0x201c || ch === 0x201d || ch === 0x2018 || ch === 0x2019) {
      this.fail(
        "json-syntax",
        offset,
        `unexpected curly quote \`${shown}\` ${where}`,
        'JSON strings need straight double quotes (`"`); the text was probably pasted from a word processor',
      );
    }
    if (/^\s$/u.test(shown)) {
      this.fail(
        "json-syntax",
        offset,
        `unexpected whitespace character U+${ch.toString(16).toUpperCase().padStart(4, "0")} ${where}`,
        "JSON allows only spaces, tabs and line breaks between tokens; retype the spaces around this position",
      );
    }
    if (ch === 0x27) {
      this.fail(
        "json-syntax",
        offset,
        `unexpected single quote ${where}`,
        'JSON strings need double quotes: write `"text"`',
      );
    }
    const word = this.bareWordAt(offset);
    if (word !== undefined) {
      this.fail(
        "json-syntax",
        offset,
        `unexpected \`${excerpt(word)}\` ${where}`,
        help ??
          'JSON literals are `true`, `false` and `null` (lower case); put text in double quotes: `"text"`',
      );
    }
    const display = ch < 0x20 ? `U+${ch.toString(16).toUpperCase().padStart(4, "0")}` : `\`${shown}\``;
    return this.fail(
      "json-syntax",
      offset,
      `unexpected ${display} ${where}`,
      help ?? "check the JSON syntax around this position",
    );
  }

  private enter(offset: number): void {
    this.depth++;
    if (this.depth > MAX_JSON_DEPTH) {
      this.fail(
        "json-too-deep",
        offset,
        `the document nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
        "a policy needs at most five levels (document, Statement, statement, Condition, operator); check for runaway brackets",
      );
    }
  }

  private skipWhitespace(): void {
    for (;;) {
      const ch = this.text.charCodeAt(this.pos);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) this.pos++;
      else return;
    }
  }

  /** The identifier-like word at `offset` (`True`, `Allow`, `undefined`), if one starts there. */
  private bareWordAt(offset: number): string | undefined {
    WORDISH.lastIndex = offset;
    const word = WORDISH.exec(this.text)?.[0];
    return word !== undefined && /^[A-Za-z_$]/.test(word) ? word : undefined;
  }

  private isWordCharAt(offset: number): boolean {
    const ch = this.text[offset];
    return ch !== undefined && /[A-Za-z0-9_$.+-]/.test(ch);
  }

  private at(offset: number): SourcePosition {
    return this.lines.positionAt(offset);
  }

  private fail(code: JsonErrorCode, offset: number, message: string, help: string): never {
    throw new JsonFailure({ code, message, help, ...this.at(offset) });
  }
}
