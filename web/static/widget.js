/*
 * 办事通 embeddable chat widget. Add one tag to any page:
 *   <script src="https://<bot-host>/webhooks/web/widget.js" defer></script>
 * Optional attributes: data-title="办事通" (launcher text), data-open="1" (open at once),
 * data-position="left" (bottom-left instead of bottom-right).
 * It adds a launcher button and, when opened, an <iframe> with the chat page from the bot's
 * own server, so the host page's styles and scripts never mix with the chat. No inline
 * styles or scripts are injected (works under a strict Content-Security-Policy).
 * Keyboard: the launcher is a real <button> (Enter / Space); opening moves the focus into the chat,
 * Esc inside the chat closes it and gives the focus back to the launcher.
 */
(function () {
  "use strict";
  if (window.__baishitongWidget) return;
  window.__baishitongWidget = true;

  var script = document.currentScript;
  var src = (script && script.src) || "";
  var base = src ? src.replace(/widget\.js(?:[?#].*)?$/, "") : "/webhooks/web/";
  var title = (script && script.getAttribute("data-title")) || "办事通";
  var left = script && script.getAttribute("data-position") === "left";
  var side = left ? "left" : "right";
  var mobile = window.matchMedia ? window.matchMedia("(max-width: 480px)") : { matches: false };
  // a phone showing a page made for desktops (no viewport meta: ~980px wide, zoomed out): an
  // iframe there would be tiny, so the launcher opens the chat page itself instead
  function zoomedOutPhone() {
    return window.screen && window.screen.width <= 480 && window.innerWidth > window.screen.width * 1.5;
  }
  var frame = null;
  var open = false;

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.id = "baishitong-launcher";
  launcher.setAttribute("aria-label", "打开" + title + "在线咨询");
  launcher.setAttribute("aria-expanded", "false");
  launcher.textContent = "💬 " + title;
  var launcherStyle = {
    position: "fixed", bottom: "16px", zIndex: "2147483001", border: "none", borderRadius: "24px",
    padding: "12px 18px", background: "#1565c0", color: "#fff", fontSize: "15px", cursor: "pointer",
    boxShadow: "0 4px 14px rgba(0,0,0,.25)", fontFamily: "inherit", lineHeight: "1"
  };
  launcherStyle[side] = "16px";
  Object.assign(launcher.style, launcherStyle);
  // a visible focus ring for keyboard users (set here: the host page may allow no style sheet of ours)
  launcher.addEventListener("focus", function () {
    var keyboard = !launcher.matches || launcher.matches(":focus-visible");
    Object.assign(launcher.style, keyboard ? { outline: "3px solid #ffbf00", outlineOffset: "2px" } : { outline: "" });
  });
  launcher.addEventListener("blur", function () { launcher.style.outline = ""; });

  function layout() {
    if (!frame) return;
    var style = {
      position: "fixed", zIndex: "2147483000", border: "none", background: "#fff",
      display: open ? "block" : "none", boxShadow: "0 8px 30px rgba(0,0,0,.3)"
    };
    if (mobile.matches) { // full screen below a bar that closes it
      Object.assign(style, { top: "44px", left: "0", right: "0", bottom: "0", width: "100%", height: "calc(100% - 44px)", maxHeight: "none", borderRadius: "0" });
    } else {
      Object.assign(style, { top: "auto", bottom: "76px", width: "380px", height: "600px", maxHeight: "calc(100vh - 100px)", borderRadius: "12px" });
      style[side] = "16px";
      style[left ? "right" : "left"] = "auto";
    }
    Object.assign(frame.style, style);
    if (mobile.matches && open) {
      Object.assign(launcher.style, { top: "0", bottom: "auto", left: "0", right: "0", width: "100%", height: "44px", padding: "0 16px", borderRadius: "0", boxShadow: "none" });
    } else {
      var back = { top: "auto", bottom: "16px", width: "auto", height: "auto", padding: "12px 18px", borderRadius: "24px", boxShadow: "0 4px 14px rgba(0,0,0,.25)", left: "auto", right: "auto" };
      back[side] = "16px";
      Object.assign(launcher.style, back);
    }
  }

  function toggle(force) {
    if (zoomedOutPhone()) {
      window.open(base, "_blank", "noopener");
      return;
    }
    open = typeof force === "boolean" ? force : !open;
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.id = "baishitong-frame";
      frame.title = title + "在线咨询";
      frame.src = base + "?embed=1";
      frame.setAttribute("allow", "clipboard-write");
      document.body.appendChild(frame);
      launcher.setAttribute("aria-controls", frame.id);
    }
    launcher.textContent = open ? (mobile.matches ? "✕ 关闭" + title : "✕ 关闭") : "💬 " + title;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "关闭" + title + "在线咨询" : "打开" + title + "在线咨询");
    layout();
  }

  launcher.addEventListener("click", function () {
    toggle();
    // keyboard and screen-reader users go on in the chat: the next Tab enters it
    if (open && frame) frame.focus();
  });
  // the chat page (embedded) asks to be closed when Esc is pressed in it
  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.data !== "baishitong:close") return;
    toggle(false);
    launcher.focus();
  });
  if (mobile.addEventListener) mobile.addEventListener("change", layout);

  function mount() {
    document.body.appendChild(launcher);
    if (script && script.getAttribute("data-open") === "1") toggle(true);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.Baishitong = { open: function () { toggle(true); }, close: function () { toggle(false); } };
})();
