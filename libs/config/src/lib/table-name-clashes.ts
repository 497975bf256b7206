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
  tables: { key: string; targetTable?: string }[];
}

/** A table entry as the source table it reads and the warehouse table it loads into, both canonical. */
interface TableEnds {
  key: string;
  source: string;
  target: string;
}

/** Keys that do not parse, or have no schema, give undefined: they are reported on their own. */
function endsOf(p: PipelineTables, t: { key: string; targetTable?: string }, rules: IdentifierRules): TableEnds | undefined {
  let ref;
  try {
    ref = parseTableKey(t.key);
  } catch {
    return undefined;
  }
  if (!ref.schema) return undefined;
  const schema = sanitizeIdentifier(p.targetSchema ?? ref.schema, rules);
  const table = sanitizeIdentifier(t.targetTable ?? ref.table, rules);
  return { key: t.key, source: `${ref.connection ?? p.connection}:${ref.schema}.${ref.table}`, target: `${schema}.${table}` };
}

/** Warehouse identifier rules by warehouse type (PostgreSQL's, the stricter, when unknown). */
export function identifierRulesOf(type: string | undefined): IdentifierRules {
  return type === 'redshift' ? REDSHIFT_IDENTIFIERS : POSTGRES_IDENTIFIERS;
}

/**
 * Entries of one pipeline that name one source table twice (`conn:s.t` and
 * `s.t` on the default connection: two watermarks of one table, whose
 * manifests would fight over one target), or load two tables into one
 * warehouse table, or into a table Tidemark keeps for itself.
 */
export function tableNameClashes(p: PipelineTables, rules: IdentifierRules): TableNameClash[] {
  const clashes: TableNameClash[] = [];
  const seen: TableEnds[] = [];
  for (const t of p.tables) {
    const entry = endsOf(p, t, rules);
    if (!entry) continue;
    const { key } = entry;
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
          `the other's rows; give one a targetTable (or move it to a pipeline with another targetSchema)`,
      });
    } else if (BOOKKEEPING_TABLES.includes(entry.target.slice(entry.target.indexOf('.') + 1))) {
      clashes.push({
        key,
        message: `would load into ${entry.target}, a table Tidemark keeps for itself in every target schema (${BOOKKEEPING_TABLES.join(', ')}): it cannot be synced`,
      });
    }
    seen.push(entry);
  }
  return clashes;
}

/**
 * Entries of pipeline `p` that load into a warehouse table an earlier
 * pipeline already loads into: the same source table (two watermarks, one
 * target) or another one (each pipeline's loads overwrite the other's rows).
 */
export function crossPipelineClashes(
  earlier: (PipelineTables & { name: string })[],
  p: PipelineTables,
  rules: IdentifierRules,
): TableNameClash[] {
  const claimed = earlier.flatMap((other) =>
    other.tables.flatMap((t) => {
      const ends = endsOf(other, t, rules);
      return ends ? [{ ...ends, pipeline: other.name }] : [];
    }),
  );
  const clashes: TableNameClash[] = [];
  for (const t of p.tables) {
    const entry = endsOf(p, t, rules);
    const other = entry && claimed.find((c) => c.target === entry.target);
    if (!entry || !other) continue;
    clashes.push({
      key: entry.key,
      message:
        other.source === entry.source
          ? `pipeline ${other.pipeline} already syncs this table into ${entry.target}: one table would get two ` +
            'watermarks and two sets of manifests for one target; keep it in one pipeline, or give one a targetTable'
          : `loads into the same warehouse table ${entry.target} as "${other.key}" of pipeline ${other.pipeline}: ` +
            "each pipeline's loads would overwrite the other's rows; give one a targetTable (or its pipeline another targetSchema)",
    });
  }
  return clashes;
}
