export interface LoginPageOptions {
  /** Absolute path the form posts to, e.g. `/admin/login`. */
  action: string;
  /** Show the "wrong token" notice. Default `false`. */
  failed?: boolean;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** The page around a form: no script and no external resource (works under a strict CSP). */
function page(title: string, form: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;display:flex;justify-content:center;padding-top:15vh;margin:0}
form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;min-width:20rem}
h1{font-size:1.2rem;margin:0 0 1rem}
label{display:block;margin-bottom:.4rem}
input{width:100%;box-sizing:border-box;padding:.5rem;margin-bottom:1rem}
button{padding:.5rem 1.2rem}
.error{color:#b00020}
</style>
</head>
<body>
${form}
</body>
</html>
`;
}

/**
 * The browser login form. The token travels once, in a POST body, and is never echoed back.
 */
export function renderLoginPage(options: LoginPageOptions): string {
  const notice = options.failed ? '<p class="error" role="alert">That token is not valid.</p>' : "";
  return page(
    "Admin sign-in",
    `<form method="post" action="${escapeHtml(options.action)}">
<h1>Certification queues — admin</h1>
${notice}
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>`,
  );
}

/**
 * The sign-out page the dashboard's "Sign out" link opens: signing out changes state, so it is
 * a POST from this page (which carries this host's Origin), never a bare GET link.
 */
export function renderLogoutPage(options: { action: string }): string {
  return page(
    "Admin sign-out",
    `<form method="post" action="${escapeHtml(options.action)}">
<h1>Sign out of the admin dashboard?</h1>
<button type="submit">Sign out</button>
</form>`,
  );
}
