// Starts the chat widget with the signed-in customer's token (in customData,
// which Rasa's socket.io channel hands to the actions as metadata).
const config = JSON.parse(document.getElementById("chat-config").textContent);
WebChat.default({
  selector: "#webchat",
  initPayload: "/greet",
  customData: { token: config.token },
  socketUrl: config.socketUrl,
  socketPath: "/socket.io/",
  title: "Assistenza rinnovi",
  subtitle: "Fatturazione Elettronica",
  inputTextFieldHint: "Scrivi un messaggio…",
  showFullScreenButton: true,
  // The widget's default waits up to seconds per message, as if typing: a short,
  // fixed pause keeps the messages in order and a turn on screen in well under a second.
  customMessageDelay: () => 150,
  params: { storage: "session" }
}, null);

// What the widget draws is made usable with the keyboard and a screen reader (WCAG 2.1 AA), as it appears:
// rasa-webchat 1.0.1 draws the quick replies as plain divs and its icon buttons with no name.
// Buttons that throw something away ("Annulla il rinnovo", "Sì, annulla") are also styled apart from the one
// that goes on: the widget draws every quick reply alike.
const DESTRUCTIVE = /^(annulla|sì, annulla)/i;
const NAMES = {
  ".rw-toggle-fullscreen-button": "Schermo intero",
  ".rw-close-button": "Chiudi la chat",
  ".rw-send": "Invia",
  ".rw-new-message": "Messaggio per l'assistente",
};

function makeAccessible() {
  const open = document.querySelector(".rw-widget-container.rw-chat-open") !== null;
  const launcher = document.querySelector(".rw-launcher");
  if (launcher) {
    launcher.setAttribute("aria-label", open ? "Chiudi la chat" : "Apri la chat");
    launcher.setAttribute("aria-expanded", String(open));
  }
  for (const [selector, name] of Object.entries(NAMES)) {
    for (const element of document.querySelectorAll(selector + ":not([aria-label])")) {
      element.setAttribute("aria-label", name);
    }
  }
  for (const icon of document.querySelectorAll(".rw-header-buttons img, .rw-launcher img")) icon.alt = "";
  const log = document.querySelector(".rw-messages-container:not([role])");
  if (log) {  // new messages are read out as they come
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Conversazione con l'assistente");
  }
  for (const reply of document.querySelectorAll("div.rw-reply:not([role])")) {
    reply.setAttribute("role", "button");
    reply.tabIndex = 0;
    if (DESTRUCTIVE.test(reply.textContent.trim())) reply.classList.add("rw-reply-destructive");
  }
}

new MutationObserver(makeAccessible).observe(document.body, { childList: true, subtree: true });

// Enter or Space on a quick reply presses it, as on a button; the keyboard then goes on in the text box.
document.addEventListener("keydown", (event) => {
  const reply = event.target.closest && event.target.closest("div.rw-reply[role=button]");
  if (!reply || (event.key !== "Enter" && event.key !== " ")) return;
  event.preventDefault();
  reply.click();
  const field = document.querySelector(".rw-new-message");
  if (field) field.focus();
});
