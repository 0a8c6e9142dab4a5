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
