// The page shell: quick exit (button and double Escape) and history that Back cannot walk.
const exitUrl = document.body.dataset.exitUrl;
// Set on quick exit, in this tab only: see the check at the end.
const LEFT = "hearth-left";

function leave(event) {
  if (event) event.preventDefault();
  try { sessionStorage.setItem(LEFT, "1"); } catch (_) { /* storage refused: leave regardless */ }
  // Tell the server (it signs out a shared-device session, or covers this one) without waiting.
  // keepalive lets the request outlive this page; redirect "manual" stops it from following the
  // server's redirect to the neutral site, which this page's CSP (connect-src 'self') refuses.
  try {
    fetch("/leave/", { method: "POST", credentials: "same-origin", keepalive: true, redirect: "manual" })
      .catch(() => {});
  } catch (_) { /* leave regardless */ }
  document.title = "";
  document.body.replaceChildren();
  // replace(): the page being left is not kept in history.
  window.location.replace(exitUrl);
}

for (const form of document.querySelectorAll("[data-quick-exit]")) {
  form.addEventListener("submit", leave);
}

let lastEscape = 0;
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const now = Date.now();
  if (now - lastEscape < 800) leave(event);
  lastEscape = now;
});

// Following a link within Hearth replaces the history entry, so the history of this tab does
// not fill up with Hearth pages that someone could step back through.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  if (url.pathname === window.location.pathname && url.hash) return;
  event.preventDefault();
  window.location.replace(url.href);
});

// A page restored from the back-forward cache is reloaded, so the server decides what shows;
// after a quick exit from this tab it is left again instead (see the end).
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  if (mustLeaveAgain()) leave();
  else window.location.reload();
});

// Move focus to the error summary so screen-reader users hear what went wrong.
const summary = document.querySelector("[data-error-summary]");
if (summary) summary.focus();

// After a quick exit, this tab shows nothing of Hearth but its front door (sign-in, or "welcome
// back"), whether she comes by Back or by typing the address. The server does the same once the
// exit's request reaches it, but that request may be slow, or lost on a poor connection; until
// she chooses to come back, every other page leaves again (and repeats the request) before it is
// painted, as this script blocks rendering. Choosing to come back is acting on the front door:
// following one of its links or sending one of its forms.
function mustLeaveAgain() {
  if ("frontDoor" in document.body.dataset) return false;
  try { return sessionStorage.getItem(LEFT) === "1"; } catch (_) { return false; }
}

function cameBack() {
  try { sessionStorage.removeItem(LEFT); } catch (_) { /* nothing to clear */ }
}

document.addEventListener("submit", (event) => {
  if (!event.target.hasAttribute("data-quick-exit")) cameBack();
});
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("a[href]")) cameBack();
});

if (mustLeaveAgain()) leave();
