import {
  BOOKKEEPING_TABLES,
  IdentifierRules,
  POSTGRES_IDENTIFIERS,
  REDSHIFT_IDENTIFIERS,
  sanitizeIdentifier,
} from '@tidemark/schema';
import { parseTableKey } from '@tidemark/watermark-model';

/** A table entry of a pipeline that cannot coexist with another, or with Tidemark's own tables. */
export interface TableNameClash {
  /** The entry at fault: the later of two. */
  key: string;
  message: string;
}

interface PipelineTables {
  connection: string;
  targetSchema?: string;
  tables: { key: string }[];
}

/** Warehouse identifier rules by warehouse type (PostgreSQL's, the stricter, when unknown). */
export function identifierRulesOf(type: string | undefined): IdentifierRules {
  return type === 'redshift' ? REDSHIFT_IDENTIFIERS : POSTGRES_IDENTIFIERS;
}

/**
 * Entries of one pipeline that name one source table twice (`conn:s.t` and
 * `s.t` on the default connection: two watermarks of one table, whose
 * manifests would fight over one target), or load two tables into one
 * warehouse table, or into a table Tidemark keeps for itself. Keys that do
 * not parse are skipped: they are reported on their own.
 */
export function tableNameClashes(p: PipelineTables, rules: IdentifierRules): TableNameClash[] {
  const clashes: TableNameClash[] = [];
  const seen: { key: string; source: string; target: string }[] = [];
  for (const { key } of p.tables) {
    let ref;
    try {
      ref = parseTableKey(key);
    } catch {
      continue;
    }
    if (!ref.schema) continue;
    const schema = sanitizeIdentifier(p.targetSchema ?? ref.schema, rules);
    const table = sanitizeIdentifier(ref.table, rules);
    const entry = { key, source: `${ref.connection ?? p.connection}:${ref.schema}.${ref.table}`, target: `${schema}.${table}` };
    const sameSource = seen.find((s) => s.source === entry.source);
    const sameTarget = seen.find((s) => s.target === entry.target);
    if (sameSource) {
      clashes.push({
        key,
        message:
          `names the same table as "${sameSource.key}" (${entry.source}): one table would get two watermarks ` +
          `and two sets of manifests for one target; keep one of the two entries`,
      });
    } else if (sameTarget) {
      clashes.push({
        key,
        message:
          `loads into the same warehouse table ${entry.target} as "${sameTarget.key}": each would overwrite ` +
          `the other's rows; move one to a pipeline with another targetSchema`,
      });
    } else if (BOOKKEEPING_TABLES.includes(table)) {
      clashes.push({
        key,
        message: `would load into ${entry.target}, a table Tidemark keeps for itself in every target schema (${BOOKKEEPING_TABLES.join(', ')}): it cannot be synced`,
      });
    }
    seen.push(entry);
  }
  return clashes;
}
