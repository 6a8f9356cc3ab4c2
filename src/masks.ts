/**
 * Finds the parts of a migration file that PostgreSQL's parser must not see as written, and
 * what it sees instead. Every replacement has exactly the UTF-8 byte length of the text it
 * hides, so parser byte offsets stay valid for the original text.
 *
 * - psql meta-commands (`\set`, `\echo` …) and `COPY … FROM stdin` data: blanked.
 * - Migration-tool annotations that end a statement (goose `-- +goose Up/Down/StatementEnd`,
 *   dbmate `-- migrate:up/down`): a `;` then blanks, because those tools split there even
 *   when the statement has no semicolon.
 * - Template placeholders (Flyway `${name}`, Go templates `{{ … }}`, psql variables `:name`,
 *   `:'name'`, `:"name"`): a same-length identifier or literal, so the statement parses and
 *   fixes land in the right place. The placeholder itself is never altered.
 */

export type MaskKind =
  'psql-meta-command' | 'copy-data' | 'statement-break' | 'template-placeholder' | 'psql-variable';

export interface MaskedRange {
  /** Indexes into the text. */
  readonly start: number;
  readonly end: number;
  readonly kind: MaskKind;
  /** What the parser sees instead; same UTF-8 byte length as the hidden text. */
  readonly replacement: string;
}

/** A goose or dbmate section marker: statements after it (until the next) belong to it. */
export interface SectionMarker {
  readonly index: number;
  readonly section: 'up' | 'down';
}

export interface MaskResult {
  readonly masks: MaskedRange[];
  readonly sections: SectionMarker[];
  /** `-- +goose NO TRANSACTION`: the tool runs this file outside a transaction. */
  readonly noTransaction: boolean;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function blank(text: string): string {
  return ' '.repeat(byteLength(text));
}

/** `;` and blanks: a statement boundary of the same width. */
function statementBreak(text: string): string {
  return `;${' '.repeat(byteLength(text) - 1)}`;
}

/** An identifier (or, for quoted forms, a literal) of the same width. */
function placeholder(text: string, quote?: "'" | '"'): string {
  const width = byteLength(text);
  if (quote) return `${quote}${'_'.repeat(width - 2)}${quote}`;
  return '_'.repeat(width);
}

const GOOSE = /^--\s*\+goose\s+(Up|Down|StatementBegin|StatementEnd|NO TRANSACTION)\b/i;
const DBMATE = /^--\s*migrate:(up|down)\b/i;
const COPY_FROM_STDIN = /^\s*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;\s*$/i;
const TEMPLATE = /\{\{[\s\S]*?\}\}|\$\{[A-Za-z_][\w.:-]*\}/g;

type State =
  | { kind: 'code' }
  | { kind: 'line-comment' }
  | { kind: 'block-comment'; depth: number }
  | { kind: 'quote'; char: "'" | '"'; backslash: boolean }
  | { kind: 'dollar'; tag: string };

export function findMasks(text: string): MaskResult {
  const masks: MaskedRange[] = [];
  const sections: SectionMarker[] = [];
  let noTransaction = false;

  // Template placeholders are expanded by the tool before SQL exists: mask them anywhere.
  const templateRanges: { start: number; end: number }[] = [];
  if (text.includes('{{') || text.includes('${')) {
    for (const match of text.matchAll(TEMPLATE)) {
      const start = match.index ?? 0;
      templateRanges.push({ start, end: start + match[0].length });
      masks.push({
        start,
        end: start + match[0].length,
        kind: 'template-placeholder',
        replacement: placeholder(match[0]),
      });
    }
  }
  const inTemplate = (index: number) =>
    templateRanges.some((range) => index >= range.start && index < range.end);

  let state: State = { kind: 'code' };
  let inCopyData = false;
  let i = 0;
  while (i < text.length) {
    const atLineStart = i === 0 || text[i - 1] === '\n';
    if (atLineStart && (state.kind === 'code' || inCopyData)) {
      const lineEnd = endOfLine(text, i);
      const line = text.slice(i, lineEnd);
      if (inCopyData) {
        masks.push({ start: i, end: lineEnd, kind: 'copy-data', replacement: blank(line) });
        if (line === '\\.') inCopyData = false;
        i = nextLine(text, lineEnd);
        continue;
      }
      const trimmed = line.trimStart();
      if (trimmed.startsWith('\\')) {
        masks.push({ start: i, end: lineEnd, kind: 'psql-meta-command', replacement: blank(line) });
        i = nextLine(text, lineEnd);
        continue;
      }
      const goose = GOOSE.exec(trimmed);
      const dbmate = goose ? null : DBMATE.exec(trimmed);
      if (goose || dbmate) {
        const word = (goose?.[1] ?? dbmate?.[1] ?? '').toLowerCase();
        if (word === 'no transaction') noTransaction = true;
        if (word === 'up' || word === 'down') sections.push({ index: i, section: word });
        if (word !== 'statementbegin' && word !== 'no transaction') {
          masks.push({
            start: i,
            end: lineEnd,
            kind: 'statement-break',
            replacement: statementBreak(line),
          });
        }
        i = nextLine(text, lineEnd);
        continue;
      }
      if (COPY_FROM_STDIN.test(line)) inCopyData = true;
    }

    const char = text[i];
    const next = text[i + 1];
    switch (state.kind) {
      case 'code':
        if (char === '-' && next === '-') {
          state = { kind: 'line-comment' };
          i += 2;
        } else if (char === '/' && next === '*') {
          state = { kind: 'block-comment', depth: 1 };
          i += 2;
        } else if (char === "'") {
          const prev = text[i - 1] ?? '';
          state = {
            kind: 'quote',
            char: "'",
            backslash: /[eE]/.test(prev) && !/\w/.test(text[i - 2] ?? ''),
          };
          i++;
        } else if (char === '"') {
          state = { kind: 'quote', char: '"', backslash: false };
          i++;
        } else if (char === '$') {
          const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
          if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
            state = { kind: 'dollar', tag: tag[0] };
            i += tag[0].length;
          } else i++;
        } else if (char === ':' && next !== ':' && text[i - 1] !== ':' && !inTemplate(i)) {
          const variable = /^:(?:'[A-Za-z_]\w*'|"[A-Za-z_]\w*"|[A-Za-z_]\w*)/.exec(
            text.slice(i, i + 80),
          );
          if (variable) {
            const quote = variable[0][1] === "'" ? "'" : variable[0][1] === '"' ? '"' : undefined;
            masks.push({
              start: i,
              end: i + variable[0].length,
              kind: 'psql-variable',
              replacement: quote ? placeholder(variable[0], quote) : placeholder(variable[0]),
            });
            i += variable[0].length;
          } else i++;
        } else if (char === '\n') i++;
        else i = nextStop(CODE_STOP, text, i + 1);
        break;
      case 'line-comment': {
        // Jump to the newline; it ends the comment.
        const newline = text.indexOf('\n', i);
        if (newline === -1) i = text.length;
        else {
          state = { kind: 'code' };
          i = newline + 1;
        }
        break;
      }
      case 'block-comment':
        if (char === '*' && next === '/') {
          state =
            state.depth === 1
              ? { kind: 'code' }
              : { kind: 'block-comment', depth: state.depth - 1 };
          i += 2;
        } else if (char === '/' && next === '*') {
          state = { kind: 'block-comment', depth: state.depth + 1 };
          i += 2;
        } else i = nextStop(COMMENT_STOP, text, i + 1);
        break;
      case 'quote':
        if (state.backslash && char === '\\') i += 2;
        else if (char === state.char && next === state.char) i += 2;
        else if (char === state.char) {
          state = { kind: 'code' };
          i++;
        } else
          i = nextStop(state.backslash ? /['\\]/g : state.char === "'" ? /'/g : /"/g, text, i + 1);
        break;
      case 'dollar': {
        const end = text.indexOf(state.tag, i);
        i = end === -1 ? text.length : end + state.tag.length;
        state = { kind: 'code' };
        break;
      }
    }
  }
  masks.sort((a, b) => a.start - b.start);
  return { masks: dropOverlaps(masks), sections, noTransaction };
}

/** Characters where the lexer has something to decide, per state; everything between is skipped. */
const CODE_STOP = /[-/'"$:\n]/g;
const COMMENT_STOP = /[*/]/g;

/** Index of the next match of `stop` at or after `from` (the end of the text if none). */
function nextStop(stop: RegExp, text: string, from: number): number {
  stop.lastIndex = from;
  const match = stop.exec(text);
  return match ? match.index : text.length;
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline === -1 ? text.length : newline;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

function nextLine(text: string, lineEnd: number): number {
  const newline = text.indexOf('\n', lineEnd);
  return newline === -1 ? text.length : newline + 1;
}

/** A psql meta-command line may contain a placeholder: the line mask wins. */
function dropOverlaps(sorted: MaskedRange[]): MaskedRange[] {
  const kept: MaskedRange[] = [];
  for (const mask of sorted) {
    const last = kept[kept.length - 1];
    if (last && mask.start < last.end) {
      if (mask.end - mask.start > last.end - last.start) kept[kept.length - 1] = mask;
      continue;
    }
    kept.push(mask);
  }
  return kept;
}
