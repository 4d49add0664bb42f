// 办事通 web chat: the deep-chat component (web/vendor/deep-chat, MIT) talking to bot/channels/web.py.
// Bot messages arrive as HTML already escaped by the server (bot/channels/format.py: web_message);
// what the user types is shown by deep-chat as text. Buttons send their payload and show their title.
// Accessibility: a 长辈模式 (elder mode) switch, read-aloud buttons, a live region that announces
// each new answer, labelled controls and visible focus. Sizes and colours of the component's inner
// parts are CSS variables (defined in chat.css for the normal, elder and high-contrast modes), so
// switching modes needs no re-render.
import "../vendor/deep-chat/deepChat.bundle.js";

const BASE = new URL("../", import.meta.url).href; // …/webhooks/web/
const SENDER_KEY = "baishitong.web.sender";
const HISTORY_KEY = "baishitong.web.history";
const PHONE = "0312-7318400";
const VOTED_KEY = "baishitong.web.voted";
const ELDER_KEY = "baishitong.web.elder";

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
let chat = null; // the deep-chat element on the page

// ------------------------------------------------------------------ wording (plainer in elder mode)
const WORDING = {
  normal: {
    newChat: "新对话", newChatLabel: "新对话：清空记录，重新开始",
    placeholder: "请输入您的问题，例如：失业金要带什么材料",
    read: "朗读", readLabel: "朗读这条回答", stop: "停止", stopLabel: "停止朗读",
  },
  elder: {
    newChat: "重新开始", newChatLabel: "重新开始：清空记录，重新提问",
    placeholder: "请在这里输入您要办的事",
    read: "读给我听", readLabel: "读给我听：朗读这条回答", stop: "停止朗读", stopLabel: "停止朗读",
  },
};
const words = () => WORDING[isElder() ? "elder" : "normal"];

// ------------------------------------------------------------------ inner content and styles
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

// Inside the component's shadow root. Every size is rem/em (follows the browser's font size) and
// every value that elder or high-contrast mode changes is a variable set on <deep-chat> in chat.css.
const INNER_CSS = `
  .bst-text { white-space: normal; word-break: break-word; line-height: var(--bst-line, 1.65); }
  .bst-text a { color: var(--bst-link, #1565c0); text-decoration: underline; word-break: break-all; }
  .bst-item { color: var(--bst-item, #0d47a1); }
  .bst-buttons { display: flex; flex-direction: var(--bst-options-direction, row); flex-wrap: wrap;
    gap: var(--bst-gap, .4rem); margin-top: .6rem; }
  .bst-btn, .bst-fb, .bst-read { font: inherit; cursor: pointer; text-align: left; max-width: 100%;
    min-height: var(--bst-target, 2rem); line-height: 1.35; border-radius: var(--bst-radius-small, .9rem); }
  .bst-btn { font-size: var(--bst-option-size, .875rem); padding: .35em .8em; width: var(--bst-option-width, auto);
    border: var(--bst-border-width, 1px) solid var(--bst-btn-border, #90caf9);
    background: var(--bst-btn-bg, #e3f2fd); color: var(--bst-btn-fg, #0d47a1); }
  .bst-btn:hover { background: var(--bst-btn-hover, #bbdefb); }
  .bst-feedback, .bst-tools { margin-top: .6rem; font-size: var(--bst-small-size, .8125rem);
    color: var(--bst-muted, #4a5561); display: flex; align-items: center; gap: .4rem; flex-wrap: wrap; }
  .bst-fb, .bst-read { font-size: var(--bst-small-size, .8125rem); padding: .2em .8em;
    border: var(--bst-border-width, 1px) solid var(--bst-fb-border, #90a4ae); background: #fff; color: var(--bst-fb-fg, #37474f); }
  .bst-fb:hover, .bst-read:hover { background: #eceff1; }
  .bst-ask { flex-basis: var(--bst-ask-basis, auto); }
  .bst-fb.chosen { background: #e8f5e9; border-color: #2e7d32; color: #1b5e20; }
  .bst-fb:disabled { cursor: default; }
  .bst-read { display: none; }
  .bst-read.speaking { background: var(--bst-btn-bg, #e3f2fd); }
  :host(.bst-can-speak) .bst-read { display: inline-block; }
  .bst-btn:focus-visible, .bst-fb:focus-visible, .bst-read:focus-visible, .bst-text a:focus-visible,
  .bst-feedback:focus-visible, .input-button:focus-visible { outline: var(--bst-focus-width, 3px) solid var(--bst-focus, #0b57d0); outline-offset: 2px; }
  #text-input-container:focus-within { outline: var(--bst-focus-width, 3px) solid var(--bst-focus, #0b57d0); outline-offset: 1px; }
  #text-input { outline: none; }
  /* the send button beside the text box, not drawn over it: big enough to press */
  #input { align-items: center; gap: .5rem; padding-inline: .75rem; box-sizing: border-box; }
  .input-button.inside-end { position: static; margin: 0; }
  .text-input-inner-end-adjustment { padding-inline-end: .75em; }
  .text-input-styling { min-height: var(--bst-target, 2rem); padding: .45em .75em; box-sizing: border-box; }
  #text-input::before, #text-input:empty::before { color: var(--bst-placeholder, #5f6b76) !important; }
  @media (prefers-reduced-motion: reduce) {
    *, *::before, *::after { animation-duration: 1ms !important; animation-iteration-count: 1 !important;
      transition-duration: 1ms !important; scroll-behavior: auto !important; }
  }
`;

function bubble(extra) {
  return Object.assign(
    {
      maxWidth: "var(--bst-bubble-max, 88%)", fontSize: "var(--bst-text-size, .9375rem)", lineHeight: "var(--bst-line, 1.6)",
      borderRadius: ".75rem", padding: ".65em .8em", marginTop: ".5rem",
    },
    extra,
  );
}
const aiBubble = bubble({
  backgroundColor: "var(--bst-ai-bg, #ffffff)", color: "var(--bst-ai-fg, #1f2933)",
  border: "var(--bst-ai-border, 0 solid transparent)", boxShadow: "0 1px 2px rgba(0,0,0,.08)",
});
const userBubble = bubble({ backgroundColor: "var(--bst-user-bg, #1565c0)", color: "var(--bst-user-fg, #ffffff)" });

function submitButtonStyles() {
  const container = {
    width: "auto", height: "auto", minHeight: "var(--bst-target, 2rem)", minWidth: "var(--bst-target, 2rem)", padding: "0 .8em",
    borderRadius: "var(--bst-radius-small, .9rem)", backgroundColor: "var(--bst-send-bg, #1565c0)",
    display: "flex", alignItems: "center", justifyContent: "center", boxSizing: "border-box",
  };
  const text = { fontSize: "var(--bst-option-size, .875rem)", color: "var(--bst-send-fg, #ffffff)", fontWeight: "600", whiteSpace: "nowrap" };
  const state = (content, extra) => ({
    container: { default: Object.assign({}, container, extra), hover: Object.assign({}, container, extra) },
    svg: { styles: { default: { display: "none" } } }, // a word says more than the paper plane
    text: { content, styles: { default: text } },
  });
  return {
    submit: state("发送"),
    loading: state("发送中"),
    stop: state("停止"),
    disabled: state("发送", { backgroundColor: "var(--bst-send-disabled-bg, #5f6b76)" }),
  };
}

function applyStyles(target, font) {
  target.chatStyle = {
    width: "100%", height: "100%", border: "none", borderRadius: "0", backgroundColor: "var(--bst-chat-bg, #f3f5f8)",
    fontFamily: font, fontSize: "var(--bst-text-size, .9375rem)",
  };
  target.textInput = {
    placeholder: { text: words().placeholder },
    characterLimit: 500,
    styles: {
      container: {
        borderRadius: "1.25rem", border: "var(--bst-border-width, 1px) solid var(--bst-input-border, #8a9aa5)",
        boxShadow: "none", width: "auto", flex: "1 1 auto", fontSize: "var(--bst-text-size, .9375rem)",
        backgroundColor: "#ffffff", color: "var(--bst-ai-fg, #1f2933)",
      },
    },
  };
  target.inputAreaStyle = { backgroundColor: "var(--bst-input-area-bg, #ffffff)", padding: ".4rem 0" };
  target.submitButtonStyles = submitButtonStyles();
  target.messageStyles = {
    default: { ai: { bubble: aiBubble }, user: { bubble: userBubble } },
    html: { ai: { bubble: aiBubble }, shared: { bubble: aiBubble } },
    loading: { message: { styles: { bubble: bubble({ backgroundColor: "var(--bst-ai-bg, #ffffff)" }) } } },
    error: { bubble: bubble({ backgroundColor: "#fdecea", color: "#8e1b10" }) },
  };
  target.auxiliaryStyle = INNER_CSS;
}

// ------------------------------------------------------------------ server calls and feedback
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
  const done = (text) => {
    const inner = chat && chat.shadowRoot ? chat.shadowRoot.activeElement : null;
    const focusLost = !inner || box.contains(inner);
    box.textContent = text;
    announce(text);
    // the pressed button is gone: keep a keyboard user at this answer (unless they moved on)
    const active = document.activeElement;
    if (focusLost && (!active || active === document.body || active === chat)) {
      box.tabIndex = -1;
      box.focus();
    }
  };
  post("feedback", { sender, vote: button.dataset.vote, item: button.dataset.item || "", question: lastQuestion })
    .then(() => done("谢谢您的反馈！"))
    .catch(() => done("反馈未能发送，请稍后再试。"));
}

// ------------------------------------------------------------------ announcements for screen readers
function announce(text) {
  const region = document.getElementById("announcer");
  if (!region || !text) return;
  region.textContent = ""; // the same text twice is announced twice
  window.setTimeout(() => { region.textContent = text; }, 100);
}

function spokenReply(replies) {
  return replies
    .map((reply) => {
      const text = (reply.text || "").trim();
      const titles = (reply.buttons || []).map((b) => b.title).filter(Boolean);
      return titles.length ? `${text} 可以选择：${titles.join("；")}。` : text;
    })
    .filter(Boolean)
    .join("\n");
}

// ------------------------------------------------------------------ read aloud (speechSynthesis)
const speech = window.speechSynthesis || null;
let zhVoice = null;
let speaking = null; // the read-aloud button of the answer being read

function updateVoices() {
  const voices = speech ? speech.getVoices() : [];
  zhVoice = voices.find((v) => /^zh[-_]CN/i.test(v.lang)) || voices.find((v) => /^(zh|cmn)/i.test(v.lang)) || null;
  if (chat) chat.classList.toggle("bst-can-speak", voices.length > 0);
}

// What 朗读 reads: the answer as the kiosk speaks it (phone numbers digit by digit, times and lists
// said aloud; the server's data-speech), then the options.
function answerText(bubbleEl) {
  const parts = Array.from(bubbleEl.querySelectorAll(".bst-text, .bst-buttons"),
    (el) => (el.dataset.speech || el.innerText).trim());
  return parts.filter(Boolean).join("\n");
}

function setReadButton(button, active) {
  const w = words();
  button.textContent = active ? w.stop : w.read;
  button.setAttribute("aria-label", active ? w.stopLabel : w.readLabel); // the name says what a press does
  button.classList.toggle("speaking", active);
}

function readAloud(button) {
  if (!speech) return;
  const again = speaking === button;
  speech.cancel();
  if (speaking) setReadButton(speaking, false);
  speaking = null;
  if (again) return; // a second press stops
  const utterance = new SpeechSynthesisUtterance(answerText(button.closest(".message-bubble")));
  utterance.lang = zhVoice ? zhVoice.lang : "zh-CN";
  if (zhVoice) utterance.voice = zhVoice;
  utterance.rate = isElder() ? 0.85 : 1;
  const finished = () => {
    if (speaking === button) { setReadButton(button, false); speaking = null; }
  };
  utterance.onend = finished;
  utterance.onerror = finished;
  speaking = button;
  setReadButton(button, true);
  speech.speak(utterance);
}

// The 有用 / 没用 buttons say what they rate; the question before them gets its own line in elder mode.
function labelFeedback(box) {
  if (!box || box.dataset.sent) return;
  box.querySelectorAll(".bst-fb").forEach((b) => {
    b.setAttribute("aria-label", b.dataset.vote === "up" ? "这个回答有用" : "这个回答没用");
  });
  const prompt = box.firstChild;
  if (prompt && prompt.nodeType === Node.TEXT_NODE && prompt.textContent.trim()) {
    const span = document.createElement("span");
    span.className = "bst-ask";
    box.replaceChild(span, prompt);
    span.appendChild(prompt);
  }
}

// Each bot answer (HTML message) gets a read-aloud button and labelled feedback buttons.
function enhance(root) {
  root.querySelectorAll(".message-bubble.html-message:not([data-bst-enhanced])").forEach((bubbleEl) => {
    if (!bubbleEl.querySelector(".bst-text")) return;
    bubbleEl.dataset.bstEnhanced = "1";
    labelFeedback(bubbleEl.querySelector(".bst-feedback"));
    const tools = document.createElement("div");
    tools.className = "bst-tools";
    const read = document.createElement("button");
    read.type = "button";
    read.className = "bst-read";
    setReadButton(read, false);
    read.addEventListener("click", () => readAloud(read));
    tools.appendChild(read);
    const feedback = bubbleEl.querySelector(".bst-feedback");
    bubbleEl.insertBefore(tools, feedback && feedback.parentNode === bubbleEl ? feedback : null);
  });
}

// ------------------------------------------------------------------ elder mode
function isElder() {
  return document.documentElement.classList.contains("elder");
}

function setElder(on, remember) {
  document.documentElement.classList.toggle("elder", on);
  if (remember && storage) {
    if (on) storage.setItem(ELDER_KEY, "1");
    else storage.removeItem(ELDER_KEY);
  }
  const w = words();
  const toggle = document.getElementById("elder-mode");
  if (toggle) toggle.setAttribute("aria-pressed", String(on));
  const newChat = document.getElementById("new-chat");
  if (newChat) {
    newChat.textContent = w.newChat;
    newChat.setAttribute("aria-label", w.newChatLabel);
  }
  if (chat && typeof chat.setPlaceholderText === "function") chat.setPlaceholderText(w.placeholder);
  if (chat && chat.shadowRoot) chat.shadowRoot.querySelectorAll(".bst-read").forEach((b) => setReadButton(b, b === speaking));
}

// ------------------------------------------------------------------ the component
function classUtilities() {
  return {
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
}

async function handle(body, signals) {
  const messages = (body && body.messages) || [];
  const text = ((messages[messages.length - 1] || {}).text || "").trim();
  let message = text;
  if (pending && pending.title === text) message = pending.payload;
  pending = null;
  if (!message.startsWith("/")) lastQuestion = text;
  const failed = `网络异常，请稍后重试，或拨打 ${PHONE}。`;
  try {
    const replies = await post("webhook", { sender, message });
    if (!Array.isArray(replies) || replies.length === 0) {
      const none = `抱歉，暂时没有答案。您可以换个说法，或拨打 ${PHONE}。`;
      announce(none);
      await signals.onResponse({ text: none });
      return;
    }
    announce(spokenReply(replies));
    await signals.onResponse(replies.map((reply) => ({ role: "ai", html: reply.html })));
  } catch (err) {
    announce(failed);
    await signals.onResponse({ error: failed });
  }
}

// The send button is a <div role="button">: Enter and Space press it, as they would a real button.
function keyboardSend(root) {
  root.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!target || !target.classList || !target.classList.contains("input-button")) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      target.click();
    }
  }, true);
}

function buildChat() {
  const element = document.createElement("deep-chat");
  element.id = "chat";
  const font = getComputedStyle(document.body).fontFamily;
  element.style.width = "100%";
  element.style.height = "100%";
  element.style.fontFamily = font; // a font of our own: deep-chat then loads no web font from a third-party site
  applyStyles(element, font);
  element.introMessage = { html: INTRO };
  element.browserStorage = storage ? { key: HISTORY_KEY, maxMessages: 200 } : undefined;
  element.errorMessages = { displayServiceErrorMessages: false, overrides: { default: `网络异常，请稍后重试，或拨打 ${PHONE}。` } };
  element.htmlClassUtilities = classUtilities();
  if (element.shadowRoot) {
    new MutationObserver(() => {
      markVoted(element.shadowRoot);
      enhance(element.shadowRoot);
    }).observe(element.shadowRoot, { childList: true, subtree: true });
    keyboardSend(element.shadowRoot);
  }
  element.connect = { handler: handle };
  return element;
}

function mountChat(root) {
  chat = buildChat();
  root.appendChild(chat);
  updateVoices();
}

function newConversation(root) {
  sender = randomSender();
  if (storage) {
    storage.setItem(SENDER_KEY, sender);
    storage.removeItem(HISTORY_KEY);
    storage.removeItem(VOTED_KEY);
  }
  pending = null;
  lastQuestion = "";
  if (speech) speech.cancel();
  speaking = null;
  chat.remove(); // a fresh component: no messages, intro shown again
  mountChat(root);
  announce("已开始新的对话。");
}

// In the widget's iframe, Esc closes the chat (widget.js gives the focus back to its launcher).
function closeOnEscape() {
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.isComposing && window.parent !== window) {
      window.parent.postMessage("baishitong:close", "*");
    }
  });
}

function start() {
  if (new URLSearchParams(window.location.search).has("embed")) {
    document.body.classList.add("embed");
    closeOnEscape();
  }
  setElder(Boolean(storage && storage.getItem(ELDER_KEY) === "1"), false);
  const root = document.querySelector(".chat-area");
  mountChat(root);
  document.getElementById("new-chat").addEventListener("click", () => newConversation(root));
  document.getElementById("elder-mode").addEventListener("click", () => {
    setElder(!isElder(), true);
    announce(isElder() ? "已打开长辈模式：字更大，按钮更大。" : "已关闭长辈模式。");
  });
  if (speech) { // voices often arrive later (Chrome): show the read-aloud buttons then
    if (typeof speech.addEventListener === "function") speech.addEventListener("voiceschanged", updateVoices);
    else speech.onvoiceschanged = updateVoices;
    window.addEventListener("pagehide", () => speech.cancel());
  }
}

start();
