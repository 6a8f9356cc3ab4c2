/**
 * A migration file as text: decoding, byte-order mark and line-ending bookkeeping, masks for
 * lines the SQL parser must not see, and the ONLY place where the parser's offsets (UTF-8
 * bytes, or code points for syntax errors) are converted to JS string indexes.
 *
 * Every other module works in JS string indexes into `SourceFile.text` (the file's text
 * without its byte-order mark).
 */

import { findMasks } from './masks.js';
import type { MaskedRange, SectionMarker } from './masks.js';

export type { MaskedRange, SectionMarker } from './masks.js';

export type LineEnding = '\n' | '\r\n';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters (UTF-16 code units) from the start of the line. */
  column: number;
}

export interface SourceFile {
  /** The path as given by the user (or the stdin file name). */
  readonly path: string;
  /** Decoded text without the byte-order mark. Every index in sqlidem points into this. */
  readonly text: string;
  /** Whether the file started with a UTF-8 byte-order mark (kept on write). */
  readonly bom: boolean;
  /** The file's dominant line ending; inserted lines use it. */
  readonly eol: LineEnding;
  /** `text` with masked ranges blanked out; the same UTF-8 byte length, byte for byte. */
  readonly parserText: string;
  readonly masked: readonly MaskedRange[];
  /** goose / dbmate `up` and `down` markers, in file order (empty for plain SQL files). */
  readonly sections: readonly SectionMarker[];
  /** The file asks its migration tool to run outside a transaction (goose NO TRANSACTION). */
  readonly noTransaction: boolean;
  /** Converts a UTF-8 byte offset (parser locations, token offsets) to an index into `text`. */
  byteToIndex(byteOffset: number): number;
  /** Converts an index into `text` to its UTF-8 byte offset. */
  indexToByte(index: number): number;
  /** Converts a code point offset into `parserText` (a syntax error's cursor) to an index. */
  errorCursorToIndex(codePointOffset: number): number;
  /** 1-based line and column of an index. */
  position(index: number): Position;
  /** The full text as it should be written back to disk (BOM restored). */
  serialize(text: string): string;
}

/** Raised for input that is not a text file sqlidem can read. */
export class SourceDecodeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'SourceDecodeError';
  }
}

const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes raw file bytes. Binary content and invalid UTF-8 are refused, never guessed at. */
export function decodeSource(path: string, bytes: Uint8Array): SourceFile {
  if (bytes.includes(0)) {
    throw new SourceDecodeError('binary file (contains NUL bytes); not linted', path);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new SourceDecodeError('not valid UTF-8; not linted', path);
  }
  return createSource(path, text);
}

/** Builds a SourceFile from already-decoded text (a leading BOM is recognised and set aside). */
export function createSource(path: string, rawText: string): SourceFile {
  const bom = rawText.startsWith(BOM);
  const text = bom ? rawText.slice(1) : rawText;
  const { masks: masked, sections, noTransaction } = findMasks(text);
  const parserText = applyMasks(text, masked);
  const lineStarts = computeLineStarts(text);
  const ascii = isAscii(text);
  let byteMap: Uint32Array | undefined;
  const byteToIndex = (byteOffset: number): number => {
    if (ascii) return clamp(byteOffset, text.length);
    byteMap ??= buildByteMap(text);
    return byteMap[clamp(byteOffset, byteMap.length - 1)] ?? text.length;
  };

  return {
    path,
    text,
    bom,
    eol: detectLineEnding(text),
    parserText,
    masked,
    sections,
    noTransaction,
    byteToIndex,
    indexToByte(index) {
      if (ascii) return clamp(index, text.length);
      byteMap ??= buildByteMap(text);
      return lowerBound(byteMap, clamp(index, text.length));
    },
    errorCursorToIndex(codePointOffset) {
      return byteToIndex(codePointToByte(parserText, codePointOffset));
    },
    position(index) {
      const line = findLine(lineStarts, index);
      return { line: line + 1, column: index - (lineStarts[line] ?? 0) + 1 };
    },
    serialize(newText) {
      return bom ? BOM + newText : newText;
    },
  };
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}

/** CRLF when the first line break is CRLF; PostgreSQL tools write one style per file. */
function detectLineEnding(text: string): LineEnding {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function findLine(lineStarts: number[], index: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** byte offset -> string index, for every byte offset 0..byteLength. */
function buildByteMap(text: string): Uint32Array {
  const map = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let width: number;
    if (code < 0x80) width = 1;
    else if (code < 0x800) width = 2;
    else if (code >= 0xd800 && code <= 0xdbff) width = 4;
    else if (code >= 0xdc00 && code <= 0xdfff)
      width = 0; // low surrogate: counted with the high one
    else width = 3;
    for (let k = 0; k < width; k++) map[byte + k] = i;
    byte += width;
  }
  map[byte] = text.length;
  return map;
}

/** The first position in a non-decreasing array whose value is >= target. */
function lowerBound(values: Uint32Array, target: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The UTF-8 byte offset of the n-th code point of `text`. */
function codePointToByte(text: string, codePointOffset: number): number {
  let byte = 0;
  let seen = 0;
  for (const char of text) {
    if (seen++ >= codePointOffset) break;
    byte += Buffer.byteLength(char, 'utf8');
  }
  return byte;
}

/** Replaces masked ranges; byte offsets (what the parser reports) stay aligned with `text`. */
function applyMasks(text: string, ranges: readonly MaskedRange[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const range of ranges) {
    out += text.slice(cursor, range.start);
    out += range.replacement;
    cursor = range.end;
  }
  return out + text.slice(cursor);
}

/** True when every character is 7-bit ASCII, so byte offsets equal string indexes. */
function isAscii(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
}
