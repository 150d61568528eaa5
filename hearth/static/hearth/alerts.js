// Live safeguarding alerts for staff: a banner as soon as an alert reaches this person, and
// quieter ones when held content has waited too long or a member answered a check-in.
const box = document.querySelector("[data-live-alerts]");
let delay = 1000;

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/notifications/`);
  socket.addEventListener("open", () => { delay = 1000; });
  socket.addEventListener("message", (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch (_) { return; }
    if (!box || !["alert", "review", "check_in"].includes(data.type)) return;
    const link = document.createElement("a");
    if (data.type === "check_in") {
      link.href = data.link; // the member's conversation; no name or words on the banner
      link.textContent = box.dataset.checkInText;
      link.dataset.checkInLink = "";
    } else if (data.type === "review") {
      // Content waiting too long in the review queue: a gentler nudge, always to the queue.
      link.href = "/safety/review/";
      link.textContent = box.dataset.reviewText;
      link.dataset.reviewLink = "";
    } else {
      link.href = data.link;
      link.textContent = box.dataset.text;
      link.dataset.alertLink = data.id;
    }
    box.replaceChildren(link);
  });
  socket.addEventListener("close", (event) => {
    // 4401: the session ended; anything else: reconnect with a growing pause.
    if (event.code === 4401) return;
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 30000);
  });
}

if (box) connect();
