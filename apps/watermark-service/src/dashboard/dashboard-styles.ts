/** The dashboard's stylesheet, served as /dashboard/app.css. */
export const DASHBOARD_STYLES = `
[hidden] { display: none !important; }
:root { --ok: #1a7f37; --failed: #cf222e; --running: #9a6700; --pending: #57606a; --line: #d0d7de; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { display: flex; gap: 1rem; align-items: baseline; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.1rem; margin: 0; }
header a { color: inherit; text-decoration: none; }
.refreshed { color: var(--pending); margin-left: auto; }
main, form { padding: 0 1rem 1rem; }
form { max-width: 36rem; display: grid; gap: .5rem; margin-top: 1rem; }
.login-message { color: var(--failed); }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th.stage { text-align: center; border-bottom: 2px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.has-failed { background: #fff5f5; }
.status { font-weight: 600; }
.status-ok { color: var(--ok); }
.status-failed { color: var(--failed); }
.status-running { color: var(--running); }
.status-pending, .none { color: var(--pending); }
.error { color: var(--failed); overflow-wrap: anywhere; white-space: pre-wrap; }
td .error { display: inline-block; max-width: 24rem; }
.note { color: var(--pending); max-width: 60rem; }
.error-box { color: var(--failed); font-weight: 600; }
.stages { display: flex; flex-wrap: wrap; gap: 1rem; }
.stage-card { border: 1px solid var(--line); border-radius: 6px; padding: 0 1rem .6rem; min-width: 20rem; flex: 1; }
.stage-card dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
.stage-card dd { margin: 0; overflow-wrap: anywhere; }
.holder { font-family: ui-monospace, monospace; }
svg.chart { width: 100%; max-width: 720px; display: block; margin-bottom: 1rem; }
svg.chart .axis { stroke: #8c959f; fill: none; }
svg.chart .tick, svg.chart .empty { font-size: 11px; fill: var(--pending); }
svg.chart .line { fill: none; stroke-width: 2; }
svg.chart .legend { font-size: 12px; }
.cursor { --series: #0969da; }
.extracted { --series: #8250df; }
.loaded { --series: #1a7f37; }
svg.chart .series .line { stroke: var(--series); }
svg.chart .series .point, svg.chart .legend { fill: var(--series); }
`;
