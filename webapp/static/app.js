/* Small progressive enhancements; every page works without them.
   Loaded as a file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function setUpNavToggle() {
    var button = document.querySelector("[data-nav-toggle]");
    var bar = document.getElementById("topbar");
    if (!button || !bar) { return; }
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("nav-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function setUpConfirms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var message = form.getAttribute && form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) { event.preventDefault(); }
    });
  }

  /* Clipboard with a fallback for plain-http intranet servers (no navigator.clipboard). */
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "sr-only";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
    done();
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (!target) { return; }
        var text = target.value !== undefined ? target.value : target.textContent;
        var label = button.textContent;
        copyText(text, function () {
          button.textContent = "已复制";
          window.setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  /* An element's own text: nested lists (items, sub-items) and the article label are
     read on their own, so each 款 and 项 becomes one line. */
  function ownText(element) {
    var text = "";
    element.childNodes.forEach(function (node) {
      if (node.nodeType === 3) { text += node.nodeValue; return; }
      if (node.nodeType !== 1 || node.tagName === "UL" || node.classList.contains("article-label")) { return; }
      text += ownText(node);
    });
    return text;
  }

  /* "复制条文": the citation (《中华人民共和国审计法》第三十四条) and the article's text. */
  function setUpArticleCopy() {
    document.querySelectorAll("[data-copy-article]").forEach(function (button) {
      button.addEventListener("click", function () {
        var body = document.getElementById(button.getAttribute("data-copy-article"));
        if (!body) { return; }
        var lines = [];
        body.querySelectorAll("p, li").forEach(function (element) {
          var line = ownText(element).replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
          if (line) { lines.push(line); }
        });
        var label = button.textContent;
        copyText(button.getAttribute("data-cite") + "\n" + lines.join("\n"), function () {
          button.textContent = "已复制";
          window.setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  /* The whole-text page's contents: on phones a toggle; a jump closes it again. */
  function setUpContents() {
    var nav = document.querySelector("[data-toc]");
    var button = nav && nav.querySelector("[data-toc-toggle]");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    nav.addEventListener("click", function (event) {
      if (event.target.closest("a")) {
        nav.classList.remove("open");
        button.setAttribute("aria-expanded", "false");
      }
    });
  }

  function setUpJobProgress() {
    var card = document.querySelector("[data-job-status]");
    if (!card || card.getAttribute("data-job-finished") === "true") { return; }
    var url = card.getAttribute("data-job-status");
    var part = function (name) { return card.querySelector("[data-job-" + name + "]"); };
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { window.setTimeout(poll, 3000); return; }
          part("progress").value = job.percent;
          part("percent").textContent = job.percent + "%";
          part("count").textContent = job.done + " / " + job.total;
          part("current").textContent = job.current;
          part("state").textContent = job.status_name;
          if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 1000);
  }

  /* The case editor's live preview: the body is rendered by the server (the same
     Markdown, sanitiser and citation linker as the saved page) a moment after typing
     stops, and every reference is listed with where it points or why it does not. */
  function setUpCasePreview() {
    var form = document.querySelector("[data-preview-url]");
    if (!form || !window.fetch) { return; }
    var source = form.querySelector("[data-preview-source]");
    var output = form.querySelector("[data-preview-output]");
    var list = form.querySelector("[data-preview-citations]");
    var status = form.querySelector("[data-preview-status]");
    var date = form.querySelector("input[name=case_date]");
    var token = form.querySelector("input[name=csrf_token]");
    var timer = null;
    var sent = 0;

    function item(citation) {
      var li = document.createElement("li");
      li.className = "citation citation-" + citation.status;
      var label = "《" + citation.short_title + "》" + citation.article_label;
      var main = document.createElement(citation.url ? "a" : "span");
      if (citation.url) { main.href = citation.url; main.target = "_blank"; main.rel = "noopener"; }
      main.className = citation.url ? "" : "citation-text";
      main.textContent = citation.url ? label : citation.text;
      li.appendChild(main);
      if (citation.status !== "resolved") {
        var note = document.createElement("span");
        note.className = "citation-status";
        note.textContent = citation.status_text;
        li.appendChild(note);
      }
      return li;
    }

    function show(data) {
      output.innerHTML = data.html || "<p class=\"muted\">（正文为空）</p>";
      list.textContent = "";
      data.citations.forEach(function (citation) { list.appendChild(item(citation)); });
      if (!data.citations.length) {
        var none = document.createElement("li");
        none.className = "muted small";
        none.textContent = "（尚无引用）";
        list.appendChild(none);
      }
      var count = data.citations.length;
      status.textContent = count ? "引用 " + count + " 处" + (data.unresolved ? "，未能解析 " + data.unresolved + " 处" : "，全部已链接") : "已更新";
      status.classList.toggle("preview-warn", data.unresolved > 0);
    }

    function refresh() {
      var body = new FormData();
      body.append("body", source.value);
      body.append("case_date", date ? date.value : "");
      body.append("csrf_token", token ? token.value : "");
      var mine = ++sent;
      status.textContent = "正在更新…";
      fetch(form.getAttribute("data-preview-url"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") < 0) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        if (mine === sent) { show(data); }
      }).catch(function () {
        if (mine === sent) { status.textContent = "预览暂不可用（登录是否已过期？保存不受影响）"; }
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    }
    source.addEventListener("input", later);
    if (date) { date.addEventListener("change", later); }
    refresh();
  }

  document.documentElement.classList.add("js");
  onReady(function () {
    setUpNavToggle();
    setUpArticleCopy();
    setUpContents();
    setUpConfirms();
    setUpCopyButtons();
    setUpJobProgress();
    setUpCasePreview();
  });
}());
