// `node --test tools/audit/`: the audit check's verdicts on npm audit reports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const dir = mkdtempSync(join(tmpdir(), 'tidemark-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const advisory = (name, severity, ghsa, title) => ({
  source: 1000001,
  name,
  dependency: name,
  title,
  url: `https://github.com/advisories/${ghsa}`,
  severity,
  range: '<1.2.3',
});

function report(vulnerabilities) {
  return { auditReportVersion: 2, vulnerabilities, metadata: { dependencies: { prod: 42 } } };
}

const HIGH = report({
  axios: { name: 'axios', severity: 'high', via: [advisory('axios', 'high', 'GHSA-4hjh-wcwx-xvwj', 'SSRF in axios')] },
  'uses-axios': { name: 'uses-axios', severity: 'high', via: ['axios'] },
  lodash: {
    name: 'lodash',
    severity: 'moderate',
    via: [advisory('lodash', 'moderate', 'GHSA-29mw-wpgm-hmr9', 'ReDoS')],
  },
});

function check(reportDoc, allowList = { exceptions: [] }, ...args) {
  const n = Math.random().toString(36).slice(2);
  const reportFile = join(dir, `report-${n}.json`);
  const allowFile = join(dir, `allow-${n}.json`);
  writeFileSync(reportFile, typeof reportDoc === 'string' ? reportDoc : JSON.stringify(reportDoc));
  writeFileSync(allowFile, JSON.stringify(allowList));
  const run = spawnSync(
    'node',
    [join(import.meta.dirname, 'check.mjs'), '--report', reportFile, '--allow-list', allowFile, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, TIDEMARK_AUDIT_STRICT: '' },
    },
  );
  return { code: run.status, out: run.stdout + run.stderr };
}

describe('tools/audit/check.mjs', () => {
  it('passes a report with only moderate advisories', () => {
    const r = check(report({ lodash: HIGH.vulnerabilities.lodash }));
    assert.equal(r.code, 0);
    assert.match(r.out, /passed: no high or critical advisory in production dependencies \(42 packages\), 0 accepted/);
  });

  it('fails on a high advisory, naming it once, not once per dependent', () => {
    const r = check(HIGH);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAILED: 1 high or critical advisory\(ies\)/);
    assert.match(r.out, /high GHSA-4hjh-wcwx-xvwj in axios <1\.2\.3: SSRF in axios/);
    assert.doesNotMatch(r.out, /GHSA-29mw-wpgm-hmr9/);
  });

  it('accepts an advisory listed with a reason until it expires', () => {
    const exception = {
      advisory: 'GHSA-4hjh-wcwx-xvwj',
      package: 'axios',
      reason: 'only used against our own service URL',
      expires: '2999-12-31',
    };
    const live = check(HIGH, { exceptions: [exception] });
    assert.equal(live.code, 0);
    assert.match(
      live.out,
      /accepted high GHSA-4hjh-wcwx-xvwj in axios until 2999-12-31: only used against our own service URL/,
    );
    const expired = check(HIGH, { exceptions: [{ ...exception, expires: '2000-01-01' }] });
    assert.equal(expired.code, 1);
    assert.match(expired.out, /exception GHSA-4hjh-wcwx-xvwj .* expired on 2000-01-01/);
  });

  it('refuses an allow-list entry without a reason', () => {
    const r = check(HIGH, { exceptions: [{ advisory: 'GHSA-4hjh-wcwx-xvwj', expires: '2999-12-31' }] });
    assert.equal(r.code, 2);
    assert.match(r.out, /exceptions\[0\] \(GHSA-4hjh-wcwx-xvwj\): "reason" must say why it is accepted/);
  });

  it('says clearly when the registry does not answer, and fails only with --strict', () => {
    const refused = {
      message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '' },
    };
    const lenient = check(refused);
    assert.equal(lenient.code, 0);
    assert.match(lenient.out, /NOT CHECKED: the registry did not answer the audit request \(HTTP 405\)/);
    assert.equal(check(refused, undefined, '--strict').code, 3);
    assert.equal(check('npm ERR! network', undefined, '--strict').code, 3);
  });
});
