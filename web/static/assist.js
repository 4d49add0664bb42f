// 12333 agent console: POST the caller's question to /webhooks/assist/query, show candidates,
// the answer to read out, the SMS and the full guide. All data is inserted as text (no HTML).
(function () {
  "use strict";
  var FIELDS = [
    ["", "自动识别"], ["summary", "事项简述"], ["conditions", "受理条件"], ["materials", "申请材料"],
    ["channels", "服务渠道"], ["time_limit", "办结时限"], ["delivery", "结果送达"], ["fees", "收费"],
    ["hours", "办事时间"], ["location", "办事地点"], ["consult", "咨询电话"], ["complaint", "投诉渠道"]
  ];
  var $ = function (id) { return document.getElementById(id); };
  var question = $("question");
  var tokenInput = $("token");
  var state = { session: newSession(), last: null, field: "", text: "" };

  function newSession() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return "agent-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function status(text, isError) {
    var box = $("status");
    box.textContent = text || "";
    box.classList.toggle("error", !!isError);
  }

  function token() {
    try { return tokenInput.value || sessionStorage.getItem("baishitong.assist.token") || ""; } catch (e) { return tokenInput.value; }
  }

  function query(extra) {
    var text = (extra && extra.text) || question.value.trim();
    if (!text) { status("请输入来电人的问题。", true); question.focus(); return; }
    var body = { text: text, session: state.session };
    var field = extra && extra.field !== undefined ? extra.field : state.field;
    if (field) body.field = field;
    if (extra && extra.guide_id) body.guide_id = extra.guide_id;
    var headers = { "Content-Type": "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    var askFocused = document.activeElement === $("ask"); // a disabled button loses the focus: give it back after
    $("ask").disabled = true;
    status("查询中…");
    fetch("query", { method: "POST", headers: headers, body: JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 401) {
          $("token-row").classList.remove("hidden");
          tokenInput.focus();
          throw new Error("需要访问令牌：请填写后重新查询。");
        }
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
          return data;
        });
      })
      .then(function (data) {
        try { if (tokenInput.value) sessionStorage.setItem("baishitong.assist.token", tokenInput.value); } catch (e) { /* ignore */ }
        state.last = data;
        state.text = text;
        render(data);
        status(data.guide ? "已找到：" + data.guide.name + (data.confident ? "" : "（把握不大，请核对候选）") : "没有确定的事项，请核对候选或追问来电人。");
      })
      .catch(function (err) { status(err.message || "查询失败，请重试。", true); })
      .then(function () {
        $("ask").disabled = false;
        if (askFocused && (!document.activeElement || document.activeElement === document.body)) $("ask").focus();
      });
  }

  // Rebuilding a list of buttons must not drop the keyboard focus: the button at the same place gets it back.
  function focusedIndex(box) {
    return Array.prototype.indexOf.call(box.querySelectorAll("button"), document.activeElement);
  }

  function refocus(box, index) {
    var again = index >= 0 ? box.querySelectorAll("button")[index] : null;
    if (again) again.focus();
  }

  function render(data) {
    var list = $("candidates");
    var at = focusedIndex(list);
    list.replaceChildren();
    (data.candidates || []).forEach(function (c, i) {
      var chosen = data.guide && data.guide.id === c.id;
      var li = el("li", chosen ? "chosen" : "");
      var button = el("button");
      button.type = "button";
      button.title = "Alt+" + (i + 1);
      button.setAttribute("aria-keyshortcuts", "Alt+" + (i + 1));
      if (chosen) button.setAttribute("aria-current", "true");
      button.appendChild(el("span", "key", "Alt+" + (i + 1)));
      var name = el("span", "name", c.name);
      name.appendChild(el("span", "code", "事项编码 " + c.code));
      button.appendChild(name);
      button.appendChild(el("span", "score", Number(c.score).toFixed(2)));
      button.addEventListener("click", function () { choose(i); });
      li.appendChild(button);
      list.appendChild(li);
    });
    if (!list.children.length) list.appendChild(el("li", "hint", "（没有候选）"));
    refocus(list, at);

    $("field-label").textContent = data.field || (data.guide ? "概览" : "");
    $("answer").textContent = data.answer || "";
    $("sms").textContent = data.sms || "";
    $("sms-count").textContent = data.sms ? data.sms.length + " 字" : "";
    renderFields(data.field_id || "");

    var card = $("card");
    card.replaceChildren();
    if (data.guide) {
      card.appendChild(el("div", "meta", "事项编码 " + data.guide.code + " · " + data.guide.category + " / " + data.guide.subcategory));
      var dl = el("dl");
      data.guide.fields.forEach(function (f) {
        var dt = el("dt", "", f.label);
        var copy = el("button", "copy", "复制");
        copy.type = "button";
        copy.setAttribute("aria-label", "复制“" + f.label + "”");
        copy.addEventListener("click", function () { copyText(data.guide.name + "，" + f.label + "：" + f.text, copy); });
        dt.appendChild(copy);
        dl.appendChild(dt);
        dl.appendChild(el("dd", "", f.text));
      });
      card.appendChild(dl);
    }
  }

  function renderFields(detected) {
    var box = $("fields");
    var at = focusedIndex(box);
    box.replaceChildren();
    FIELDS.forEach(function (f) {
      var classes = [];
      if (f[0] === (state.field || "")) classes.push("on");
      if (f[0] && f[0] === detected && !state.field) classes.push("detected");
      var b = el("button", classes.join(" "), f[1]);
      b.type = "button";
      b.setAttribute("aria-pressed", String(f[0] === (state.field || "")));
      b.addEventListener("click", function () {
        state.field = f[0];
        if (state.last) query({ text: state.text, field: f[0], guide_id: state.last.guide && state.last.guide.id });
        else renderFields(detected);
      });
      box.appendChild(b);
    });
    refocus(box, at);
  }

  function choose(index) {
    var data = state.last;
    if (!data || !data.candidates || !data.candidates[index]) return;
    query({ text: state.text, guide_id: data.candidates[index].id });
  }

  function copyText(text, button) {
    if (!text) return;
    var done = function () {
      if (button) { button.classList.add("done"); button.textContent = "已复制"; setTimeout(function () { button.classList.remove("done"); button.textContent = "复制"; }, 1500); }
      status("已复制到剪贴板。");
    };
    if (navigator.clipboard && window.isSecureContext) {
      // the clipboard may refuse, or never answer (a permission prompt): then the old way, and say so if that fails too
      var settled = false;
      var instead = function () {
        if (settled) return;
        settled = true;
        if (fallbackCopy(text)) done(); else status("无法自动复制，请手动选择文字复制。", true);
      };
      navigator.clipboard.writeText(text).then(function () { if (!settled) { settled = true; done(); } }, instead);
      setTimeout(instead, 1500);
    } else if (fallbackCopy(text)) {
      done();
    } else {
      status("无法自动复制，请手动选择文字复制。", true);
    }
  }

  function fallbackCopy(text) {
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    question.focus();
    return ok;
  }

  document.querySelectorAll("button.copy[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () { copyText($(b.dataset.copy).textContent, b); });
  });
  $("ask-form").addEventListener("submit", function (e) { e.preventDefault(); state.field = ""; query(); });
  $("new-call").addEventListener("click", newCall);

  function newCall() {
    state = { session: newSession(), last: null, field: "", text: "" };
    question.value = "";
    ["answer", "sms", "sms-count", "field-label"].forEach(function (id) { $(id).textContent = ""; });
    $("candidates").replaceChildren();
    $("card").replaceChildren();
    renderFields("");
    status("新来电：上下文已清空。");
    question.focus();
  }

  question.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      state.field = "";
      query();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey && /^[1-5]$/.test(e.key)) { e.preventDefault(); choose(Number(e.key) - 1); }
    else if (e.altKey && (e.key === "a" || e.key === "A")) { e.preventDefault(); copyText($("answer").textContent, document.querySelector('[data-copy="answer"]')); }
    else if (e.altKey && (e.key === "s" || e.key === "S")) { e.preventDefault(); copyText($("sms").textContent, document.querySelector('[data-copy="sms"]')); }
    else if (e.altKey && (e.key === "n" || e.key === "N")) { e.preventDefault(); newCall(); }
    else if (e.key === "Escape") { question.value = ""; question.focus(); }
    else if (e.key === "/" && document.activeElement !== question && document.activeElement !== tokenInput) { e.preventDefault(); question.focus(); }
  });
  renderFields("");
})();
