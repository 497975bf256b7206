#!/usr/bin/env node
// `node tools/audit/check.mjs [--strict] [--report FILE] [--allow-list FILE]`
//
// Runs `npm audit --omit=dev --json` and fails (exit 1) on any high or
// critical advisory in the production dependencies that the allow-list does
// not accept. Exit 2: bad arguments or allow-list. When the registry does not
// answer audit requests, it says so and exits 0, or 3 with --strict
// (TIDEMARK_AUDIT_STRICT=1). See docs/security.md.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AllowListError, applyAllowList, readAllowList } from './allow-list.mjs';
import { readAuditReport } from './audit-report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const say = (line) => process.stdout.write(`audit: ${line}\n`);

function options() {
  try {
    const { values } = parseArgs({
      options: {
        strict: { type: 'boolean', default: process.env.TIDEMARK_AUDIT_STRICT === '1' },
        report: { type: 'string' },
        'allow-list': { type: 'string', default: join(here, 'allow-list.json') },
      },
    });
    return values;
  } catch (error) {
    say(`${error.message}\nusage: node tools/audit/check.mjs [--strict] [--report FILE] [--allow-list FILE]`);
    process.exit(2);
  }
}

/** The report text: from a file, or from npm audit (whose exit code only says whether it found something). */
function auditText(reportFile) {
  if (reportFile) return readFileSync(reportFile, 'utf8');
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 180_000,
  });
  if (run.error) return `npm audit did not run: ${run.error.message}`;
  return run.stdout;
}

function main() {
  const opts = options();
  const allowListPath = resolve(opts['allow-list']);
  const shown = relative(process.cwd(), allowListPath) || allowListPath;
  let exceptions;
  try {
    exceptions = readAllowList(allowListPath);
  } catch (error) {
    if (!(error instanceof AllowListError)) throw error;
    say(`bad allow-list: ${error.message}`);
    return 2;
  }

  const report = readAuditReport(auditText(opts.report));
  if (report.unavailable) {
    say(`NOT CHECKED: ${report.unavailable}.`);
    say('No advisory data was received, so nothing is known about vulnerabilities in this run.');
    if (opts.strict) return 3;
    say('Passing anyway (not --strict): see docs/security.md for where the strict check must run.');
    return 0;
  }

  const today = new Date().toISOString().slice(0, 10);
  const { accepted, blocking, expired, unused } = applyAllowList(report.findings, exceptions, today);
  for (const e of expired)
    say(`warning: exception ${e.advisory} in ${shown} expired on ${e.expires}: it no longer applies; review it`);
  for (const e of unused) say(`warning: exception ${e.advisory} in ${shown} matches no finding: remove it`);
  for (const { finding, exception } of accepted) {
    say(
      `accepted ${finding.severity} ${finding.id} in ${finding.package} until ${exception.expires}: ${exception.reason}`,
    );
  }
  if (blocking.length > 0) {
    say(`FAILED: ${blocking.length} high or critical advisory(ies) in production dependencies:`);
    for (const f of blocking) say(`  ${f.severity} ${f.id} in ${f.package} ${f.range}: ${f.title} ${f.url}`.trimEnd());
    say(`Upgrade the package, or add an exception with its reason and an expiry date to ${shown}.`);
    return 1;
  }
  const count = report.dependencies === null ? '' : ` (${report.dependencies} packages)`;
  say(
    `passed: no high or critical advisory in production dependencies${count}, ${accepted.length} accepted by ${shown}`,
  );
  return 0;
}

process.exitCode = main();
