// Preloaded into a benchmarked process: writes its peak resident memory (MiB)
// to the file named by TIDEMARK_BENCH_RSS_FILE when the process exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.TIDEMARK_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(Math.round(process.resourceUsage().maxRSS / 1024)));
});
