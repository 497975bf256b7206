// What both benchmark scripts do first: read the options (exit 2 with the usage
// on a bad one, 0 after --help) and time-stamp their progress lines on stderr.

/** The parsed options, or the process ends: 2 with the usage for a bad option, 0 after printing it for --help. */
export function optionsOrExit(parse, usage, argv = process.argv.slice(2)) {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    console.error(`bench: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(usage);
    process.exit(0);
  }
  return options;
}

/** `log(text)`: a progress line on stderr with the seconds since this call. */
export function progressLog() {
  const started = performance.now();
  return (text) => console.error(`bench: [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
}
