// Reads the JSON that `npm audit --json` prints (report version 2, npm 7+)
// into the high and critical advisories it names, or says why it could not.

export const BLOCKING = new Set(['high', 'critical']);

/** The GHSA id of an advisory, from its URL; else npm's numeric source id. */
function advisoryId(via) {
  const ghsa = /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(via.url ?? '');
  return ghsa ? ghsa[0] : String(via.source ?? via.title ?? 'unknown');
}

/**
 * `{ findings }` with one entry per (advisory, vulnerable package) of high
 * or critical severity, or `{ unavailable: reason }` when npm could not
 * fetch the advisories (an error document, or no report at all).
 */
export function readAuditReport(text) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    const first = String(text).trim().split('\n')[0] ?? '';
    return { unavailable: `npm audit printed no JSON report${first ? `: ${first.slice(0, 200)}` : ''}` };
  }
  if (report?.error || (report?.message && !report.vulnerabilities)) {
    const status = report.statusCode ? ` (HTTP ${report.statusCode})` : '';
    return {
      unavailable: `the registry did not answer the audit request${status}: ${report.message ?? report.error?.summary ?? 'no reason given'}`,
    };
  }
  if (report?.auditReportVersion !== 2 || typeof report.vulnerabilities !== 'object') {
    return { unavailable: 'npm audit printed a report this check does not know (expected auditReportVersion 2)' };
  }
  const findings = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || !BLOCKING.has(via.severity)) continue;
      const id = advisoryId(via);
      const key = `${id} ${via.name}`;
      if (!findings.has(key)) {
        findings.set(key, {
          id,
          package: via.name,
          severity: via.severity,
          range: via.range ?? '',
          title: via.title ?? '',
          url: via.url ?? '',
        });
      }
    }
  }
  return { findings: [...findings.values()], dependencies: report.metadata?.dependencies?.prod ?? null };
}
