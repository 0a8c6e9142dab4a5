// The support desk page: the queue and the open conversation arrive as server-sent events
// (/desk/events); every change is a POST with the page's CSRF token. Everything shown is set as
// text (never as HTML), so nothing a customer types can run in the agent's page.
"use strict";

const csrf = document.querySelector('meta[name="csrf"]').content;
const canPay = document.querySelector('meta[name="can-pay"]').content === "1";
const canned = JSON.parse(document.body.dataset.canned || "[]");
const $ = (id) => document.getElementById(id);

let openId = null;
let openRequest = null;
let source = null;
let lastWaiting = 0;
let guided = null; // {conversation_id, account}
const CHANNELS = { socketio: "chat del sito", telegram: "Telegram", rest: "REST" };
const baseTitle = document.title;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function say(message, isError) {
  $("status").textContent = message || "";
  $("status").className = isError ? "error" : "";
}

async function post(path, body) {
  let data;
  try {
    const reply = await fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}),
    });
    data = await reply.json();
    if (reply.status === 401) { location.href = "/desk/login"; }
  } catch (error) {
    data = { ok: false, message: "Il desk non risponde: riprova tra poco." };
  }
  say(data.message, !data.ok);
  return data;
}

function connect() {
  if (source) source.close();
  source = new EventSource("/desk/events" + (openId ? "?open=" + openId : ""));
  source.onopen = () => { $("live").textContent = "in linea"; };
  source.onerror = () => {
    $("live").textContent = "riconnessione…";
    if (source.readyState === EventSource.CLOSED && openId !== null) {  // refused: not this agent's to open
      closeRefused("Non puoi aprire la richiesta n. " + openId + ": la segue un collega.");
    }
  };
  source.onmessage = (event) => render(JSON.parse(event.data));
  source.addEventListener("signed-out", () => { location.href = "/desk/login"; });
}

function minutes(seconds) {
  const m = Math.floor(seconds / 60), s = seconds % 60;
  return m + ":" + String(s).padStart(2, "0");
}

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.connect(audio.destination);
    tone.frequency.value = 880;
    tone.start();
    tone.stop(audio.currentTime + 0.15);
  } catch (error) { /* no sound without a user gesture: the title still changes */ }
}

function render(state) {
  renderQueue(state.queue, state.waiting);
  if (state.refused && openId !== null) {  // taken by a colleague meanwhile: no longer this agent's to read
    closeRefused(state.refused);
    return;
  }
  if (state.open && state.open.id === openId) renderOpen(state.open);
}

function closeRefused(message) {
  say(message, true);
  openId = null;
  $("conversation").hidden = true;
  $("placeholder").hidden = false;
  connect();
}

function renderQueue(queue, waiting) {
  document.title = waiting ? "(" + waiting + ") Nuove richieste · " + baseTitle : baseTitle;
  if (waiting > lastWaiting) beep();
  lastWaiting = waiting;
  const list = $("queue");
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
  list.replaceChildren();
  if (!queue.length) list.append(el("li", "empty", "Nessun cliente in attesa."));
  for (const request of queue) {
    const item = el("li", request.status + (request.id === openId ? " selected" : ""));
    item.dataset.id = request.id;
    const state = request.status === "waiting"
      ? "in attesa da " + minutes(request.waited_seconds) + " (posizione " + request.position + ")"
      : request.status === "withdrawn" ? "ritirata dal cliente: «" + request.withdrawn_with + "»"
      : "presa da " + request.taken_by;
    const open = el("button", "request");  // a button: reached with Tab, opened with Enter
    open.type = "button";
    open.dataset.id = request.id;
    open.append(el("strong", null, "n. " + request.id + " · " + request.username), el("br"),
      el("span", null, (CHANNELS[request.channel] || request.channel) + " · " + state));
    open.addEventListener("click", () => openRequestById(request.id));
    if (request.id === openId) open.setAttribute("aria-current", "true");
    item.append(open);
    list.append(item);
    if (String(request.id) === focused) open.focus();  // redrawn live: the keyboard stays where it was
  }
}

function openRequestById(id) {
  openId = id;
  guided = null;
  $("guided").hidden = true;
  $("placeholder").hidden = true;
  $("conversation").hidden = false;
  $("transcript").replaceChildren();
  connect();
}

function line(entry) {
  const item = el("li", entry.who);
  const who = { customer: "Cliente", bot: "Assistente", agent: entry.agent || "Operatore", system: "" }[entry.who];
  if (who) item.append(el("span", "who", who));
  item.append(el("span", "text", entry.text));
  if (entry.buttons && entry.buttons.length) {
    const buttons = el("div", "buttons");
    for (const title of entry.buttons) buttons.append(el("span", null, title));
    item.append(buttons);
  }
  return item;
}

function renderOpen(request) {
  openRequest = request;
  const state = { waiting: "in attesa", taken: "presa da " + request.taken_by, returned: "restituita all'assistente",
                  closed: "chiusa", withdrawn: "ritirata dal cliente" }[request.status];
  $("conversation-title").textContent = "Richiesta n. " + request.id + " · " + request.username + " · " +
    (CHANNELS[request.channel] || request.channel) + " · " + state;
  $("take").hidden = request.status !== "waiting";
  for (const id of ["give-back", "close", "reply-form", "note-form"]) $(id).hidden = !request.mine;
  for (const id of ["transfer", "colleague"]) $(id).hidden = !request.mine || !request.colleagues.length;
  const colleague = $("colleague");
  if (colleague.options.length !== request.colleagues.length) {
    colleague.replaceChildren(...request.colleagues.map((name) => { const o = el("option", null, name); o.value = name; return o; }));
  }
  const transcript = $("transcript");
  const atBottom = transcript.scrollTop + transcript.clientHeight >= transcript.scrollHeight - 20;
  transcript.replaceChildren(...(request.transcript || []).map(line));
  if (request.transcript_error) transcript.append(el("li", "system", request.transcript_error));
  if (atBottom) transcript.scrollTop = transcript.scrollHeight;
  $("notes").replaceChildren(...request.notes.map((note) => el("li", null, note.agent + ": " + note.text)));
  renderPanel(request.panel);
}

function renderPanel(panel) {
  const box = $("panel");
  box.replaceChildren();
  box.className = panel ? "" : "empty";
  if (!panel) { box.textContent = "Cliente non identificato."; return; }
  if (panel.error) { box.textContent = panel.error; return; }
  box.append(el("p", null, panel.holder + " · " + panel.username), el("p", null, panel.email), el("p", null, panel.status));
  const dates = el("dl");
  for (const [name, value] of panel.dates) dates.append(el("dt", null, name), el("dd", null, value));
  box.append(dates, el("h3", null, "Carrello di rinnovo"));
  box.append(panel.cart ? el("pre", "cart", panel.cart) : el("p", "empty", "Nessun carrello aperto."));
  box.append(el("h3", null, "Ordini"));
  if (!panel.orders.length) { box.append(el("p", "empty", "Nessun ordine.")); return; }
  const table = el("table");
  for (const order of panel.orders) {
    const row = el("tr");
    const actions = el("td");
    if (order.payable) {
      const cancel = el("button", "cancel-order", "Annulla");
      cancel.addEventListener("click", () => {
        if (confirm("Annullare l'ordine " + order.number + "?")) post("/desk/api/orders/" + encodeURIComponent(order.number) + "/cancel");
      });
      actions.append(cancel);
      if (order.emailed) {
        const resend = el("button", "resend-email", "Invia di nuovo l'email");
        resend.addEventListener("click", () => post("/desk/api/orders/" + encodeURIComponent(order.number) + "/resend-email"));
        actions.append(resend);
      }
      if (canPay) {
        const pay = el("button", "register-payment", "Registra pagamento");
        pay.addEventListener("click", () => {
          const reference = prompt("Riferimento del pagamento (CRO, ID transazione):");
          if (reference !== null) post("/desk/api/orders/" + encodeURIComponent(order.number) + "/payment", { reference });
        });
        actions.append(pay);
      }
    }
    const state = el("td", null, order.state + " · " + order.expiry + (order.agent ? " · da " + order.agent : ""));
    for (const refund of order.refunds) state.append(el("div", "refund", "Ricevuti " + refund));
    row.append(el("td", null, order.number), el("td", null, order.total + " · " + order.method), state, actions);
    table.append(row);
  }
  box.append(table);
}

function action(id, path, body) {
  $(id).addEventListener("click", async (event) => {
    event.preventDefault();
    if (openId !== null) await post("/desk/api/handoffs/" + openId + "/" + path, body ? body() : {});
  });
}

action("take", "take");
action("give-back", "give-back");
action("close", "close");
action("transfer", "transfer", () => ({ to: $("colleague").value }));

for (const text of canned) {
  const option = el("option", null, text);
  option.value = text;
  $("canned").append(option);
}
$("canned").addEventListener("change", () => { $("reply").value = $("canned").value; $("canned").value = ""; });

$("reply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("reply").value.trim();
  if (!text || openId === null) return;
  const sent = await post("/desk/api/handoffs/" + openId + "/reply", { text });
  if (sent.ok) $("reply").value = "";
});
$("reply").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("reply-form").requestSubmit(); }
});

$("note-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("note").value.trim();
  if (!text || openId === null) return;
  const saved = await post("/desk/api/handoffs/" + openId + "/note", { text });
  if (saved.ok) $("note").value = "";
});

// --- guided sessions: the agent drives the assistant for a customer on the phone ---------------

function guidedLine(who, text, buttons) {
  const item = el("li", who);
  item.append(el("span", "who", who === "customer" ? "Tu (per il cliente)" : "Assistente"), el("span", "text", text));
  if (buttons && buttons.length) {
    const row = el("div", "buttons");
    for (const button of buttons) {
      const press = el("button", "guided-button", button.title);
      press.addEventListener("click", () => guidedSay(button.payload, button.title));
      row.append(press);
    }
    item.append(row);
  }
  $("guided-transcript").append(item);
  $("guided-transcript").scrollTop = $("guided-transcript").scrollHeight;
}

async function guidedSay(message, shown) {
  if (!guided) return;
  guidedLine("customer", shown || message);
  const reply = await post("/desk/api/guided/say", { conversation_id: guided.conversation_id, account: guided.account, text: message });
  if (!reply.ok) return;
  for (const said of reply.replies) guidedLine("bot", said.text, said.buttons);
  renderPanel(reply.panel);
}

$("guided-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const account = $("guided-account").value.trim();
  const opened = await post("/desk/api/guided", { account });
  if (!opened.ok) return;
  openId = null;
  connect();
  guided = { conversation_id: opened.conversation_id, account };
  $("placeholder").hidden = true;
  $("conversation").hidden = true;
  $("guided").hidden = false;
  $("guided-title").textContent = "Sessione guidata per " + account;
  $("guided-transcript").replaceChildren();
  renderPanel(opened.panel);
});

$("guided-say-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("guided-text").value.trim();
  if (!text) return;
  $("guided-text").value = "";
  guidedSay(text);
});

connect();
