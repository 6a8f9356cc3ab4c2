/** The only rule registry: every rule in `rules/`, keyed by its id (= its file name). */
import type { Rule } from '../src/rule.js';
import requireIndexIfNotExists from './require-index-if-not-exists.js';
import requireIndexName from './require-index-name.js';
import requirePolicyGuard from './require-policy-guard.js';
import requireTriggerGuard from './require-trigger-guard.js';

export const allRules: readonly Rule[] = [
  requireIndexIfNotExists,
  requireIndexName,
  requireTriggerGuard,
  requirePolicyGuard,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(
  allRules.map((rule) => [rule.id, rule]),
);
