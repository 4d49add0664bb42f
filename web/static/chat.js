// 办事通 web chat: the deep-chat component (web/vendor/deep-chat, MIT) talking to bot/channels/web.py.
// Bot messages arrive as HTML already escaped by the server (bot/channels/format.py: web_message);
// what the user types is shown by deep-chat as text. Buttons send their payload and show their title.
import "../vendor/deep-chat/deepChat.bundle.js";

const BASE = new URL("../", import.meta.url).href; // …/webhooks/web/
const SENDER_KEY = "baishitong.web.sender";
const HISTORY_KEY = "baishitong.web.history";
const PHONE = "0312-7318400";
const VOTED_KEY = "baishitong.web.voted";

const storage = (() => {
  try {
    const probe = "__baishitong__";
    window.localStorage.setItem(probe, probe);
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch (e) {
    return null; // private mode or blocked: the chat works, without history
  }
})();

function randomSender() {
  const bytes = new Uint8Array(12);
  window.crypto.getRandomValues(bytes);
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function currentSender() {
  let sender = storage && storage.getItem(SENDER_KEY);
  if (!sender || !/^[A-Za-z0-9_.:@-]{1,80}$/.test(sender)) {
    sender = randomSender();
    if (storage) storage.setItem(SENDER_KEY, sender);
  }
  return sender;
}

let sender = currentSender();
let pending = null; // the button just clicked: {title, payload}
let lastQuestion = "";

const hot = ["失业金要带什么材料", "社保卡丢了怎么办", "养老保险怎么办", "有哪些事项"];
const payloadOf = { "有哪些事项": "/browse" };
function buttonHtml(title) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = "bst-btn";
  node.dataset.title = title;
  node.dataset.payload = payloadOf[title] || title;
  node.textContent = title;
  return node.outerHTML;
}
const INTRO =
  '<div class="bst-text">您好，我是<strong>办事通</strong>，可以回答涞源县人社局 365 项办事指南的问题：' +
  "要带什么材料、在哪里办、几点上班、多久办好……请直接说出您要办的事。</div>" +
  '<div class="bst-buttons">' + hot.map(buttonHtml).join("") + "</div>";

const INNER_CSS = `
  .bst-text { white-space: normal; word-break: break-word; line-height: 1.65; }
  .bst-text a { color: #1565c0; text-decoration: underline; word-break: break-all; }
  .bst-item { color: #0d47a1; }
  .bst-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
  .bst-btn { font: inherit; font-size: 14px; line-height: 1.35; text-align: left; cursor: pointer;
    border: 1px solid #90caf9; background: #e3f2fd; color: #0d47a1; border-radius: 14px; padding: 6px 12px; max-width: 100%; }
  .bst-btn:hover, .bst-btn:focus-visible { background: #bbdefb; outline: none; }
  .bst-feedback { margin-top: 8px; font-size: 12px; color: #6b7785; display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
  .bst-fb { font: inherit; font-size: 12px; cursor: pointer; border: 1px solid #cfd8dc; background: #fff; color: #455a64;
    border-radius: 10px; padding: 2px 10px; }
  .bst-fb:hover, .bst-fb:focus-visible { background: #eceff1; outline: none; }
  .bst-fb.chosen { background: #e8f5e9; border-color: #a5d6a7; color: #2e7d32; }
  .bst-fb:disabled { cursor: default; }
`;

function bubble(extra) {
  return Object.assign(
    { maxWidth: "88%", fontSize: "15px", lineHeight: "1.6", borderRadius: "12px", padding: "10px 12px", marginTop: "8px" },
    extra,
  );
}
const aiBubble = bubble({ backgroundColor: "#ffffff", color: "#1f2933", boxShadow: "0 1px 2px rgba(0,0,0,.08)" });
const userBubble = bubble({ backgroundColor: "#1565c0", color: "#ffffff" });

async function post(path, body) {
  const response = await fetch(BASE + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error("HTTP " + response.status);
  return response.status === 204 ? null : response.json();
}

function votedRefs() {
  try {
    const refs = JSON.parse((storage && storage.getItem(VOTED_KEY)) || "[]");
    return Array.isArray(refs) ? refs : [];
  } catch (e) {
    return [];
  }
}

function rememberVote(ref) {
  if (!storage || !ref) return;
  const refs = votedRefs().filter((r) => r !== ref);
  refs.push(ref);
  storage.setItem(VOTED_KEY, JSON.stringify(refs.slice(-200)));
}

// Answers restored from history keep their feedback state (deep-chat stores a message's first HTML).
function markVoted(root) {
  const refs = new Set(votedRefs());
  if (!refs.size) return;
  root.querySelectorAll(".bst-feedback[data-ref]").forEach((box) => {
    if (refs.has(box.dataset.ref) && !box.dataset.sent) {
      box.dataset.sent = "1";
      box.textContent = "已收到您的反馈。";
    }
  });
}

function sendFeedback(button) {
  const box = button.closest(".bst-feedback");
  if (!box || box.dataset.sent) return;
  box.dataset.sent = "1";
  rememberVote(box.dataset.ref);
  box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  button.classList.add("chosen");
  post("feedback", { sender, vote: button.dataset.vote, item: button.dataset.item || "", question: lastQuestion })
    .then(() => { box.textContent = "谢谢您的反馈！"; })
    .catch(() => { box.textContent = "反馈未能发送，请稍后再试。"; });
}

function buildChat() {
  const chat = document.createElement("deep-chat");
  chat.id = "chat";
  const font = getComputedStyle(document.body).fontFamily;
  chat.style.width = "100%";
  chat.style.height = "100%";
  chat.style.fontFamily = font; // a font of our own: deep-chat then loads no web font from a third-party site
  chat.chatStyle = {
    width: "100%", height: "100%", border: "none", borderRadius: "0", backgroundColor: "#f3f5f8",
    fontFamily: font, fontSize: "15px",
  };
  chat.introMessage = { html: INTRO };
  chat.browserStorage = storage ? { key: HISTORY_KEY, maxMessages: 200 } : undefined;
  chat.textInput = {
    placeholder: { text: "请输入您的问题，例如：失业金要带什么材料" },
    characterLimit: 500,
    styles: { container: { borderRadius: "20px", border: "1px solid #cfd8dc", boxShadow: "none", width: "90%", fontSize: "15px" } },
  };
  chat.messageStyles = {
    default: { ai: { bubble: aiBubble }, user: { bubble: userBubble } },
    html: { ai: { bubble: aiBubble }, shared: { bubble: aiBubble } },
    loading: { message: { styles: { bubble: bubble({ backgroundColor: "#ffffff" }) } } },
  };
  chat.errorMessages = { displayServiceErrorMessages: false, overrides: { default: `网络异常，请稍后重试，或拨打 ${PHONE}。` } };
  chat.auxiliaryStyle = INNER_CSS;
  chat.htmlClassUtilities = {
    "bst-btn": {
      events: {
        click: (event) => {
          const button = event.target && event.target.closest ? event.target.closest(".bst-btn") : event.target;
          if (!button || !button.dataset) return;
          // shown without its "2. " number (deep-chat would render that as a Markdown list)
          const shown = (button.dataset.title || "").replace(/^\d+\.\s+/, "");
          pending = { title: shown, payload: button.dataset.payload };
          chat.submitUserMessage({ text: shown });
        },
      },
    },
    "bst-fb": {
      events: {
        click: (event) => {
          const button = event.target && event.target.closest ? event.target.closest(".bst-fb") : event.target;
          if (button) sendFeedback(button);
        },
      },
    },
  };
  if (chat.shadowRoot) {
    new MutationObserver(() => markVoted(chat.shadowRoot)).observe(chat.shadowRoot, { childList: true, subtree: true });
  }
  chat.connect = {
    handler: async (body, signals) => {
      const messages = (body && body.messages) || [];
      const text = ((messages[messages.length - 1] || {}).text || "").trim();
      let message = text;
      if (pending && pending.title === text) message = pending.payload;
      pending = null;
      if (!message.startsWith("/")) lastQuestion = text;
      try {
        const replies = await post("webhook", { sender, message });
        if (!Array.isArray(replies) || replies.length === 0) {
          await signals.onResponse({ text: `抱歉，暂时没有答案。您可以换个说法，或拨打 ${PHONE}。` });
          return;
        }
        await signals.onResponse(replies.map((reply) => ({ role: "ai", html: reply.html })));
      } catch (err) {
        await signals.onResponse({ error: `网络异常，请稍后重试，或拨打 ${PHONE}。` });
      }
    },
  };
  return chat;
}

function start() {
  if (new URLSearchParams(window.location.search).has("embed")) document.body.classList.add("embed");
  const root = document.querySelector(".chat-area");
  let chat = buildChat();
  root.appendChild(chat);
  document.getElementById("new-chat").addEventListener("click", () => {
    sender = randomSender();
    if (storage) {
      storage.setItem(SENDER_KEY, sender);
      storage.removeItem(HISTORY_KEY);
      storage.removeItem(VOTED_KEY);
    }
    pending = null;
    lastQuestion = "";
    chat.remove(); // a fresh component: no messages, intro shown again
    chat = buildChat();
    root.appendChild(chat);
  });
}

start();
