// The live chat room (docs/chat-protocol.md): one socket, messages in seq order and never twice,
// an outbox that survives reconnects. Message text only ever goes through textContent, and
// nothing is stored in the browser. Words come from the page (data-t-*) in its language.
const root = document.querySelector("[data-chat]");
if (root) start(root);

function start(root) {
  const $ = (s) => root.querySelector(s);
  const D = root.dataset;
  const t = (key, arg) => (D["t" + key] || key).replace("%s", arg ?? "");
  const log = $("[data-log]"), form = $("[data-composer]"), box = form.querySelector("textarea");
  const send = form.querySelector("button"), controls = $("[data-controls]");
  const shown = new Map(); // seq -> its <li> (null: deleted before we saw it)
  const outbox = new Map(); // client_msg_id -> {text, li, confirm, waiting}
  const canWrite = Boolean(D.canWrite);
  let socket = null, ready = false, stopped = false, gone = false, fac = false, me = null;
  let lastSeq = 0, delay = 1000, failures = 0, retry = 0, pong = 0, typingAt = 0, typingTimer = 0;
  let room = { state: D.state, paused: false, slow_mode: 0, pinned: null };
  let mutedUntil = Date.parse(D.mutedUntil) || 0;
  let choosing = null, typing = false;

  const clock = (at) => new Date(at).toLocaleTimeString(document.documentElement.lang || [],
    { hour: "2-digit", minute: "2-digit" });
  const write = (s, text) => { $(s).textContent = text || ""; };
  const say = (text) => write("[data-status]", text);
  const error = (text) => write("[data-error]", text);
  const part = (li, s) => li.querySelector(s);
  const items = (texts) => texts.map((text) => Object.assign(document.createElement("li"), { textContent: text }));
  const note = (li, text) => { part(li, ".chat-note").textContent = text || ""; };
  const frame = (data) => {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(data)); return true; }
    return false;
  };

  function item(author, at, text, mine, staff) {
    const li = $("[data-message]").content.firstElementChild.cloneNode(true);
    part(li, ".chat-author").textContent = author;
    part(li, ".chat-staff").hidden = !staff;
    part(li, ".chat-you").hidden = !mine;
    const time = part(li, "time");
    time.dateTime = at;
    time.textContent = clock(at);
    part(li, ".chat-text").textContent = text;
    li.classList.toggle("chat-mine", mine);
    part(li, ".chat-own").hidden = !mine || fac;
    const more = part(li, ".chat-more");
    if (more) {
      part(more, ".chat-who").textContent = `: ${author}`;
      for (const b of more.querySelectorAll("[data-act=mute], [data-act=remove]")) b.hidden = mine || staff;
    }
    return li;
  }

  // Sequenced items in seq order; unsent ones (no data-seq) stay at the end.
  function place(li, seq) {
    const pane = log.parentElement;
    const follow = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 60;
    li.dataset.seq = seq ?? "";
    let next = null;
    if (seq != null) {
      for (let el = log.lastElementChild; el; el = el.previousElementSibling) {
        if (el.dataset.seq && +el.dataset.seq < seq) break;
        next = el;
      }
    }
    log.insertBefore(li, next);
    if (follow || seq == null) pane.scrollTop = pane.scrollHeight;
  }

  function message(f) {
    lastSeq = Math.max(lastSeq, f.seq);
    const mine = Boolean(me) && f.author_member === me;
    const sending = mine && outbox.get(f.client_msg_id);
    if (sending) { // the room's copy came before our ack: it settles the pending one
      outbox.delete(f.client_msg_id);
      sending.li.remove();
    }
    const old = shown.get(f.seq);
    if (old === null) return; // deleted already
    const li = item(f.author, f.at, f.text, mine, f.staff);
    li.dataset.member = f.author_member;
    note(li, f.status === "held" ? t("Held") : "");
    shown.set(f.seq, li);
    if (old) {
      li.dataset.seq = f.seq;
      old.replaceWith(li);
    } else place(li, f.seq);
    pinned();
  }

  function deleted(seq) {
    lastSeq = Math.max(lastSeq, seq);
    const li = shown.get(seq);
    shown.set(seq, null);
    if (room.pinned === seq) room.pinned = null;
    if (!li) return;
    li.classList.add("chat-deleted");
    part(li, ".chat-text").textContent = t("Deleted");
    for (const el of li.querySelectorAll(".chat-note, .chat-own, .chat-more")) el.remove();
    pinned();
  }

  function queue(text) {
    const id = crypto.randomUUID ? crypto.randomUUID()
      : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const li = item(D.meName, new Date().toISOString(), text, true, fac);
    li.classList.add("chat-pending");
    part(li, ".chat-own").hidden = true;
    note(li, t("Sending"));
    outbox.set(id, { text, li, confirm: "", waiting: false });
    place(li, null);
    push(id);
  }

  function push(id) {
    const o = outbox.get(id);
    if (!o || !ready) return;
    const data = { type: "send", client_msg_id: id, text: o.text };
    if (o.confirm) data.confirm = o.confirm;
    frame(data);
  }

  function ack(f) {
    const o = outbox.get(f.client_msg_id);
    if (!o) return;
    outbox.delete(f.client_msg_id);
    const li = o.li;
    li.classList.remove("chat-pending");
    li.remove();
    if (shown.has(f.seq)) return; // the server's copy is already here
    li.dataset.member = me;
    part(li, ".chat-own").hidden = fac;
    note(li, f.status === "held" ? t("Held") : "");
    shown.set(f.seq, li);
    place(li, f.seq);
  }

  function refused(f) {
    const o = outbox.get(f.client_msg_id);
    if (o) {
      outbox.delete(f.client_msg_id);
      o.li.remove();
      box.value = box.value.trim() ? `${o.text}\n${box.value}` : o.text; // keep their words
    }
    error(f.message);
    if (f.code === "ended") return end();
    if (f.code === "removed") return leave();
    if (f.code === "paused") room.paused = true;
    render();
  }

  function confirm(f) {
    const o = outbox.get(f.client_msg_id);
    if (!o) return;
    o.waiting = true;
    note(o.li, t("Choose"));
    choosing = f.client_msg_id;
    $("[data-nudges]").replaceChildren(...items(f.nudges));
    $("[data-confirm]").hidden = false;
  }

  function choose(how) {
    const o = outbox.get(choosing);
    $("[data-confirm]").hidden = true;
    if (!o) return;
    Object.assign(o, { confirm: how, waiting: false });
    note(o.li, t("Sending"));
    push(choosing);
    box.focus();
  }

  function support(f) {
    const lines = [...f.lines.map((l) => [l.name, l.contact, l.hours].filter(Boolean).join(" — ")), ...f.group_lines];
    $("[data-support-lines]").replaceChildren(...items(lines));
    $("[data-support]").hidden = false;
    $("#chat-support-title").focus();
  }

  function pinned() {
    $("[data-pinned]").hidden = room.pinned == null;
    const li = shown.get(room.pinned);
    write("[data-pinned-text]", li ? part(li, ".chat-text").textContent : t("PinnedUnknown"));
  }

  function render() {
    const ended = room.state === "ended";
    root.classList.toggle("chat-closed", ended || gone); // no per-message actions any more
    if (ready) say(gone ? t("Gone") : ended ? t("Ended") : room.state === "scheduled" ? t("Lobby") : t("Open"));
    const notes = [];
    if (room.paused && !ended) notes.push(t("Paused"));
    if (room.slow_mode && !ended) notes.push(t("Slow", room.slow_mode));
    write("[data-notice]", notes.join(" "));
    const muted = mutedUntil > Date.now();
    let reason = "";
    if (!canWrite) reason = t("ReadOnly");
    else if (gone) reason = t("Gone");
    else if (ended) reason = t("Ended");
    else if (room.state === "scheduled") reason = t("Lobby");
    else if (room.paused && !fac) reason = t("Paused");
    else if (muted && !fac) reason = t("Muted", clock(mutedUntil));
    box.disabled = send.disabled = Boolean(reason);
    write("[data-reason]", reason);
    form.hidden = false;
    if (controls) {
      controls.hidden = !fac || ended || gone;
      $("[data-control=open]").hidden = room.state !== "scheduled";
      $("[data-control=pause]").hidden = room.state !== "open" || room.paused;
      $("[data-control=resume]").hidden = room.state !== "open" || !room.paused;
      $("[data-slow]").value = String(room.slow_mode);
    }
    pinned();
  }

  function stop(text) {
    stopped = true;
    clearTimeout(retry);
    for (const o of outbox.values()) note(o.li, t("NotSent"));
    say(text);
    render();
  }
  const end = () => { room.state = "ended"; stop(t("Ended")); };
  const leave = () => { gone = true; stop(t("Gone")); };

  function handle(f) {
    switch (f.type) {
      case "hello":
        ready = true; delay = 1000; failures = 0;
        me = f.you; fac = f.facilitator; room = f; typing = f.typing;
        render();
        frame({ type: "resume", last_seq: lastSeq });
        break;
      case "state": room = f; render(); break;
      case "message": message(f); break;
      case "deleted": deleted(f.seq); break;
      case "resumed":
        if (f.more) frame({ type: "resume", last_seq: f.last_seq });
        else for (const [id, o] of outbox) if (!o.waiting) push(id);
        break;
      case "ack": ack(f); break;
      case "confirm": confirm(f); break;
      case "support": support(f); break;
      case "error": if (f.client_msg_id || f.code !== "off") refused(f); break;
      case "muted":
        mutedUntil = f.until ? Date.parse(f.until) : 0;
        if (mutedUntil) setTimeout(render, mutedUntil - Date.now() + 500);
        if (!mutedUntil) error("");
        render();
        break;
      case "typing":
        write("[data-typing]", t("Typing", f.who));
        clearTimeout(typingTimer);
        typingTimer = setTimeout(write, 4000, "[data-typing]", "");
        break;
      case "presence":
        write("[data-typing]", t(f.here ? "Joined" : "Left", f.who));
        clearTimeout(typingTimer);
        typingTimer = setTimeout(write, 4000, "[data-typing]", "");
        break;
      case "removed": leave(); break;
      case "ended": end(); break;
      case "refresh": location.reload(); break;
      case "pong": clearTimeout(pong); pong = 0; break;
    }
  }

  function connect() {
    if (stopped) return;
    clearTimeout(retry);
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${D.ws}`);
    let opened = false;
    socket = ws; ready = false; pong = 0;
    ws.addEventListener("open", () => { opened = true; });
    ws.addEventListener("message", (e) => {
      let f;
      try { f = JSON.parse(e.data); } catch (_) { return; }
      if (socket === ws && f && typeof f.type === "string") handle(f);
    });
    ws.addEventListener("close", (e) => {
      if (socket !== ws) return;
      socket = null; ready = false;
      if (e.code === 4000) return end();
      if (e.code === 4404) return leave();
      if (e.code === 4401) return location.reload(); // signed out: the page goes to sign-in
      if (!stopped) say(navigator.onLine ? t("Reconnecting") : t("Offline"));
      // A refused handshake shows as 1006: after two, ask the page whether we still belong here.
      if (!opened && ++failures >= 2) check();
      retry = setTimeout(connect, delay * (0.75 + Math.random() / 2));
      delay = Math.min(delay * 2, 15000);
    });
  }

  function reconnect() {
    const ws = socket;
    socket = null; ready = false;
    if (ws) ws.close();
    connect();
  }

  function check() {
    fetch(location.href, { redirect: "manual", cache: "no-store", credentials: "same-origin" })
      .then((r) => { if (r.type === "opaqueredirect") location.reload(); else if (r.status === 404) leave(); })
      .catch(() => {});
  }

  // A dead mobile connection can look open for minutes: ping, and start again if nothing answers.
  function probe() {
    if (!socket || socket.readyState !== 1) return;
    if (pong) return reconnect();
    pong = setTimeout(() => { if (pong) reconnect(); }, 5000);
    frame({ type: "ping" });
  }
  setInterval(probe, 25000);
  // Back online (perhaps with a new address): a fresh socket resumes from the last seq shown.
  window.addEventListener("online", () => { delay = 1000; if (!stopped) reconnect(); });
  window.addEventListener("offline", () => { if (!stopped) say(t("Offline")); });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text || box.disabled) return;
    box.value = "";
    error("");
    queue(text);
  });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  box.addEventListener("input", () => {
    if (!typing || Date.now() - typingAt < 3000) return;
    typingAt = Date.now();
    frame({ type: "typing" });
  });
  $("[data-slow]")?.addEventListener("change", (e) => {
    frame({ type: "control", action: "slow_mode", seconds: Number(e.target.value) });
  });
  root.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    const ask = $("[data-end-confirm]");
    const li = b.closest("li");
    const seq = li ? Number(li.dataset.seq) : null;
    switch (b.dataset.control || b.dataset.act || b.dataset.do) {
      case "open": case "pause": case "resume": case "end":
        frame({ type: "control", action: b.dataset.control });
        if (ask) ask.hidden = true;
        break;
      case "end-ask": ask.hidden = false; ask.querySelector("button").focus(); break;
      case "end-cancel": ask.hidden = true; break;
      case "pin": frame({ type: "control", action: "pin", seq }); break;
      case "unpin": frame({ type: "control", action: "pin", seq: null }); break;
      case "delete": frame({ type: "control", action: "delete", seq }); break;
      case "mute": frame({ type: "control", action: "mute", member: li.dataset.member, minutes: 10 }); break;
      case "remove": frame({ type: "control", action: "remove", member: li.dataset.member }); break;
      case "redact": case "send": choose(b.dataset.do); break;
      case "close-support": $("[data-support]").hidden = true; box.focus(); break;
    }
    b.closest("details")?.removeAttribute("open");
  });

  render(); // the composer is there at once (no shift when the socket answers)
  say(D.tConnecting);
  connect();
}
