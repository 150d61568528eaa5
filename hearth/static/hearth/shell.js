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
  if (leftFromThisTab()) leave();
  else window.location.reload();
});

// Move focus to the error summary so screen-reader users hear what went wrong.
const summary = document.querySelector("[data-error-summary]");
if (summary) summary.focus();

// Back into Hearth after a quick exit leaves again at once. The exit's sign-out (a shared
// device) or cover travels in a request that may not have reached the server yet, so the page
// Back brings could still be a member's. This script blocks rendering, so nothing shows first.
// Going to Hearth on purpose (a link, the address bar) is not Back: it clears the mark.
function leftFromThisTab() {
  try { return sessionStorage.getItem(LEFT) === "1"; } catch (_) { return false; }
}

let arrivedBy = "navigate";
try { arrivedBy = performance.getEntriesByType("navigation")[0].type; } catch (_) { /* old browser */ }
if (leftFromThisTab()) {
  if (arrivedBy === "back_forward") leave();
  else try { sessionStorage.removeItem(LEFT); } catch (_) { /* nothing to clear */ }
}
