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

// Buttons that throw something away ("Annulla il rinnovo", "Sì, annulla") are styled apart from the one that
// goes on: the widget draws every quick reply alike, so they are marked as they appear.
const DESTRUCTIVE = /^(annulla|sì, annulla)/i;
new MutationObserver(() => {
  for (const button of document.querySelectorAll(".rw-reply:not(.rw-reply-destructive)")) {
    if (DESTRUCTIVE.test(button.textContent.trim())) button.classList.add("rw-reply-destructive");
  }
}).observe(document.body, { childList: true, subtree: true });
