/**
 * SARIF 2.1.0 (what GitHub code scanning reads): one run, the tool's rules with help URIs, each
 * problem as a result with its region, and fixes as `fixes[].artifactChanges` so code scanning
 * can offer them.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintMessage, LintResult } from '../results.js';
import type { FormatterContext } from './index.js';

interface SarifFixSource {
  readonly text: string;
}

/** 1-based line/column of a string index in `text` (for fix regions). */
function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function sarifFix(message: LintMessage, uri: string, source: SarifFixSource | undefined) {
  const fix = message.fix ?? message.suggestions?.[0]?.fix;
  if (!fix || !source) return undefined;
  const start = positionOf(source.text, fix.range[0]);
  const end = positionOf(source.text, fix.range[1]);
  return [
    {
      description: {
        text: message.fix ? 'sqlidem --fix' : (message.suggestions?.[0]?.desc ?? 'fix'),
      },
      artifactChanges: [
        {
          artifactLocation: { uri },
          replacements: [
            {
              deletedRegion: {
                startLine: start.line,
                startColumn: start.column,
                endLine: end.line,
                endColumn: end.column,
              },
              insertedContent: { text: fix.text },
            },
          ],
        },
      ],
    },
  ];
}

export function formatSarif(
  results: LintResult[],
  context: FormatterContext,
  sources: ReadonlyMap<string, SarifFixSource>,
  version: string,
): string {
  const ruleIds = Object.keys(context.rulesMeta);
  const rules = ruleIds.map((id) => ({
    id,
    shortDescription: { text: context.rulesMeta[id]?.docs.description ?? id },
    helpUri: context.rulesMeta[id]?.docs.url,
    properties: { tags: ['idempotency', 'migrations'] },
  }));
  const sarifResults = results.flatMap((result) => {
    const relative = path.relative(context.cwd, result.filePath).split(path.sep).join('/');
    const uri = relative.startsWith('..') ? pathToFileURL(result.filePath).href : relative;
    return result.messages.map((message) => {
      const fixes = sarifFix(message, uri, sources.get(result.filePath));
      const ruleIndex = message.ruleId ? ruleIds.indexOf(message.ruleId) : -1;
      return {
        ruleId: message.ruleId ?? 'sqlidem/error',
        ...(ruleIndex >= 0 && { ruleIndex }),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: {
                startLine: message.line,
                startColumn: message.column,
                endLine: message.endLine,
                endColumn: message.endColumn,
              },
            },
          },
        ],
        ...(fixes && { fixes }),
      };
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sqlidem',
            version,
            informationUri: 'https://github.com/sqlidem/sqlidem',
            rules,
          },
        },
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
