// Prints one plain closing line, `jest: N passed, N failed`, that CI reads,
// and before it the slowest test files, to keep `.ci/run` within its budget.
const SLOWEST = 12;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({ path: r.testFilePath.slice(process.cwd().length + 1), seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, SLOWEST);
    if (files.length > 1) {
      process.stderr.write(`\njest: slowest test files\n${files.map((f) => `  ${f.seconds.toFixed(1).padStart(7)} s  ${f.path}`).join('\n')}\n`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stderr.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}
module.exports = SummaryReporter;
