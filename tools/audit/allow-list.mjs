// The accepted exceptions: advisories judged not to affect Tidemark, each
// with the reason and a date after which it must be looked at again.
import { readFileSync } from 'node:fs';

export class AllowListError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and checks `{ "exceptions": [{ advisory, package?, reason, expires }] }`. */
export function readAllowList(path) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AllowListError(`cannot read the allow-list ${path}: ${error.message}`);
  }
  if (!Array.isArray(doc?.exceptions)) throw new AllowListError(`${path}: "exceptions" must be a list`);
  return doc.exceptions.map((e, i) => {
    const where = `${path}: exceptions[${i}]`;
    if (typeof e?.advisory !== 'string' || e.advisory.trim() === '')
      throw new AllowListError(`${where}: "advisory" (e.g. GHSA-xxxx-xxxx-xxxx) is required`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 10)
      throw new AllowListError(`${where} (${e.advisory}): "reason" must say why it is accepted`);
    if (typeof e.expires !== 'string' || !DATE.test(e.expires))
      throw new AllowListError(`${where} (${e.advisory}): "expires" must be a date YYYY-MM-DD`);
    if (e.package !== undefined && typeof e.package !== 'string')
      throw new AllowListError(`${where} (${e.advisory}): "package" must be a package name`);
    return { advisory: e.advisory, package: e.package, reason: e.reason, expires: e.expires };
  });
}

/** Splits findings into accepted (with the exception that accepts them) and blocking ones. */
export function applyAllowList(findings, exceptions, today) {
  const live = exceptions.filter((e) => e.expires >= today);
  const accepted = [];
  const blocking = [];
  for (const finding of findings) {
    const exception = live.find(
      (e) => e.advisory.toLowerCase() === finding.id.toLowerCase() && (!e.package || e.package === finding.package),
    );
    if (exception) accepted.push({ finding, exception });
    else blocking.push(finding);
  }
  const used = new Set(accepted.map((a) => a.exception));
  return {
    accepted,
    blocking,
    expired: exceptions.filter((e) => e.expires < today),
    unused: live.filter((e) => !used.has(e)),
  };
}
