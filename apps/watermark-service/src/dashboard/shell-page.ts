/**
 * The page a browser opens at /dashboard. It holds no data: its script asks
 * for the API token, keeps it in sessionStorage and fetches the views with
 * it. Paths are relative so the page also works behind a path prefix.
 */
export const SHELL_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tidemark watermarks</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard/app.css">
<script src="dashboard/app.js" defer></script>
</head>
<body>
<header>
<h1><a href="#/">Tidemark watermarks</a></h1>
<span id="refreshed" class="refreshed"></span>
<button id="forget" type="button" hidden>Forget token</button>
</header>
<form id="login" hidden>
<label for="token">API token of this watermark service (<code>TIDEMARK_API_TOKEN</code>)</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Show watermarks</button>
<p id="login-message" class="login-message" role="status"></p>
<p class="note">The token is kept in this browser tab only (sessionStorage) and sent as <code>Authorization: Bearer</code> with each request. This page is read-only.</p>
</form>
<main id="content"></main>
<noscript>This page needs JavaScript.</noscript>
</body>
</html>
`;
