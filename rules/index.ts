/** The only rule registry: every rule in `rules/`, keyed by its id (= its file name). */
import type { Rule } from '../src/rule.js';
import requireAddColumnIfNotExists from './require-add-column-if-not-exists.js';
import requireConstraintGuard from './require-constraint-guard.js';
import requireCreateGuard from './require-create-guard.js';
import requireCreateIfNotExists from './require-create-if-not-exists.js';
import requireDropCascade from './require-drop-cascade.js';
import requireDropIfExists from './require-drop-if-exists.js';
import requireEnumValueIfNotExists from './require-enum-value-if-not-exists.js';
import requireIdempotentUpdate from './require-idempotent-update.js';
import requireIdentityGuard from './require-identity-guard.js';
import requireIndexIfNotExists from './require-index-if-not-exists.js';
import requireIndexName from './require-index-name.js';
import requireInsertOnConflict from './require-insert-on-conflict.js';
import requireOrReplace from './require-or-replace.js';
import requirePartitionGuard from './require-partition-guard.js';
import requirePolicyGuard from './require-policy-guard.js';
import requireRenameGuard from './require-rename-guard.js';
import requireRoleGuard from './require-role-guard.js';
import requireTriggerGuard from './require-trigger-guard.js';
import requireTypeGuard from './require-type-guard.js';

export const allRules: readonly Rule[] = [
  requireIndexIfNotExists,
  requireIndexName,
  requireTriggerGuard,
  requirePolicyGuard,
  requireCreateIfNotExists,
  requireOrReplace,
  requireTypeGuard,
  requireRoleGuard,
  requireCreateGuard,
  requireAddColumnIfNotExists,
  requireDropIfExists,
  requireDropCascade,
  requireConstraintGuard,
  requireRenameGuard,
  requirePartitionGuard,
  requireIdentityGuard,
  requireEnumValueIfNotExists,
  requireInsertOnConflict,
  requireIdempotentUpdate,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(
  allRules.map((rule) => [rule.id, rule]),
);
