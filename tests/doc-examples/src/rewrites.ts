/** The names a doc's sandbox uses in place of the examples' own. */
export interface SandboxNames {
  /** MariaDB database (and warehouse schema) standing in for `shop`. */
  shop: string;
  /** MariaDB database (and warehouse schema) standing in for `tidemark_demo`. */
  demo: string;
  /** A free port standing in for the watermark service's 3100. */
  servicePort: number;
}

export interface Rewrite {
  from: RegExp;
  to: string;
  why: string;
}

/** Not preceded by a name character, `/`, `.` or `-`: `shop` in `-t shop.orders` or `default:shop.orders`. */
const SCHEMA = (name: string) => new RegExp(`(?<![\\w$./-])${name}(?=\\.\\w)`, 'g');

/**
 * The substitution table: how the text of a command line is changed before
 * it runs. Parallel test files share the MariaDB and PostgreSQL servers, so
 * the schemas the examples name become databases unique to this run.
 */
export function exampleRewrites(names: SandboxNames): Rewrite[] {
  return [
    {
      from: /\bnpm run tidemark( --)?(?=\s|$)/g,
      to: 'tidemark',
      why: '`npm run tidemark --` runs the built CLI, which is `tidemark` on the sandbox PATH',
    },
    { from: SCHEMA('shop'), to: names.shop, why: 'the schema `shop` is a MariaDB database unique to the run' },
    {
      from: SCHEMA('tidemark_demo'),
      to: names.demo,
      why: 'the demo schema `tidemark_demo` is a MariaDB database unique to the run (`npm run demo` owns the real one)',
    },
    {
      from: /(?<=PORT=|127\.0\.0\.1:|localhost:)3100\b/g,
      to: String(names.servicePort),
      why: "the watermark service's port 3100 is a free port",
    },
  ];
}

export function applyRewrites(text: string, rewrites: readonly Rewrite[]): string {
  return rewrites.reduce((out, r) => out.replace(r.from, r.to), text);
}
