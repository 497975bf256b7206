import type { DeclaredLayout } from './redshift-sql';

/**
 * What each table was created with that PostgreSQL cannot hold (encodings,
 * dist and sort keys), by table OID so renames keep it. Lives as long as the
 * emulator; a table created by a rolled-back transaction leaves an entry no
 * table will ever have.
 */
export class TableLayouts {
  private readonly byOid = new Map<string, DeclaredLayout>();

  remember(oid: string, layout: DeclaredLayout): void {
    const known = this.byOid.get(oid);
    if (!known) {
      this.byOid.set(oid, { encodings: { ...layout.encodings }, distKey: [...layout.distKey], sortKey: [...layout.sortKey] });
      return;
    }
    Object.assign(known.encodings, layout.encodings);
    known.distKey.push(...layout.distKey);
    known.sortKey.push(...layout.sortKey);
  }

  of(oid: string): DeclaredLayout {
    return this.byOid.get(oid) ?? { encodings: {}, distKey: [], sortKey: [] };
  }
}
