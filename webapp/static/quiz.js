/* The quiz pages' behaviour (loaded as a file: the Content-Security-Policy forbids inline
   scripts).  Every page works without it; with it:
   - the attempt page saves each answer to the server as it is given (PUT, one request at a
     time per question, retried when the network fails), shows 已保存 / 保存失败·重试,
     counts down a time limit and submits at the deadline, keeps the 答题卡 current from each
     save's answer, flags questions (标记) through the API, and lists what is open before 交卷;
   - the question editor shows only the fields of the chosen type; forms show/hide
     dependent parts, tick all rows, confirm destructive buttons. */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function byName(root, name) {
    return root.querySelectorAll('[name="' + name + '"]');
  }

  /* ---- question editor: fields by type, more sub-questions on demand ---- */
  function setUpQuestionForm() {
    var form = document.querySelector("[data-question-form]");
    if (!form) { return; }
    var refresh = function () {
      form.querySelectorAll("[data-for]").forEach(function (el) {
        var body = el.parentElement && el.parentElement.closest("[data-body]");
        var source = byName(form, body ? body.getAttribute("data-type-source") : "type")[0];
        var wanted = el.getAttribute("data-for").split(" ");
        el.hidden = !source || wanted.indexOf(source.value) < 0;
      });
    };
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") { refresh(); }
    });
    /* 添加小题 is a submit button that asks the server for one more block; with script,
       the page already holds all of them (up to ten): show the next hidden one instead. */
    var addPart = form.querySelector("[data-add-part]");
    if (addPart) {
      form.querySelectorAll("[data-empty-slot]").forEach(function (slot) { slot.hidden = true; });
      var nextSlot = function () { return form.querySelector("[data-part-slot][hidden]"); };
      addPart.hidden = !nextSlot();
      addPart.addEventListener("click", function (event) {
        var next = nextSlot();
        if (!next) { return; }
        event.preventDefault();
        next.hidden = false;
        next.querySelector("textarea").focus();
        addPart.hidden = !nextSlot();
      });
    }
    /* 评分要点: the page holds all rows (up to the limit) and shows a few; the button shows
       the next hidden one, and goes away at the limit (the hint beside it names it). */
    form.querySelectorAll("[data-rubric]").forEach(function (table) {
      var addRow = table.querySelector("[data-add-rubric]");
      var nextRow = function () { return table.querySelector("[data-rubric-slot][hidden]"); };
      addRow.hidden = !nextRow();
      addRow.addEventListener("click", function () {
        var next = nextRow();
        if (!next) { return; }
        next.hidden = false;
        next.querySelector("input[type=text]").focus();
        addRow.hidden = !nextRow();
      });
    });
    refresh();
  }

  /* ---- generic form helpers ---- */
  function setUpShowWhen() {
    var parts = document.querySelectorAll("[data-show-when]");
    if (!parts.length) { return; }
    var refresh = function () {
      parts.forEach(function (el) {
        var rule = el.getAttribute("data-show-when").split("=");
        var checked = document.querySelector('input[name="' + rule[0] + '"]:checked');
        el.hidden = !checked || checked.value !== rule[1];
      });
    };
    document.addEventListener("change", refresh);
    refresh();
  }

  function setUpBatchForms() {
    document.addEventListener("change", function (event) {
      var name = event.target.getAttribute && event.target.getAttribute("data-check-all");
      if (!name) { return; }
      byName(event.target.form, name).forEach(function (box) { box.checked = event.target.checked; });
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-confirm-button]");
      if (button && !window.confirm(button.getAttribute("data-confirm-button"))) { event.preventDefault(); }
    });
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit]");
        if (button) { button.disabled = true; button.textContent = form.getAttribute("data-busy"); }
      });
    });
  }

  /* ---- the attempt page ---- */
  function Attempt(form) {
    this.form = form;
    this.url = form.getAttribute("data-save-url");
    this.token = byName(form, "csrf_token")[0].value;
    this.total = parseInt(form.getAttribute("data-total"), 10);
    this.summary = document.querySelector("[data-save-summary]");
    this.answered = document.querySelectorAll("[data-answered]");
    this.sheet = document.querySelector("[data-answer-sheet]");
    this.states = {};
    this.closed = false;
    this.leaving = false;
  }

  Attempt.prototype.fieldValue = function (name, qtype) {
    var inputs = byName(this.form, name);
    if (qtype === "short" || qtype === "essay") {
      var text = inputs.length ? inputs[0].value : "";
      return text.trim() ? text : null;
    }
    if (qtype === "single" || qtype === "true_false") {
      var chosen = this.form.querySelector('[name="' + name + '"]:checked');
      if (!chosen) { return null; }
      return qtype === "true_false" ? chosen.value === "true" : chosen.value;
    }
    var values = [];
    var any = false;
    inputs.forEach(function (input) {
      if (qtype === "multiple") {
        if (input.checked) { values.push(input.value); any = true; }
      } else {
        values.push(input.value);
        if (input.value.trim()) { any = true; }
      }
    });
    return any ? values : null;
  };

  /* What to send for the question `input` belongs to: its answer, or for a case the
     answer of that one sub-question ({part id: answer}, merged on the server). */
  Attempt.prototype.answerFor = function (question, input) {
    var id = question.getAttribute("data-question");
    if (question.getAttribute("data-qtype") !== "case") {
      return this.fieldValue("q" + id, question.getAttribute("data-qtype"));
    }
    var part = input.closest("[data-part]");
    var answer = {};
    answer[part.getAttribute("data-part")] =
      this.fieldValue("q" + id + "_" + part.getAttribute("data-part"), part.getAttribute("data-qtype"));
    return answer;
  };

  Attempt.prototype.state = function (question) {
    var id = question.getAttribute("data-question");
    if (!this.states[id]) {
      this.states[id] = { id: id, el: question, isCase: question.getAttribute("data-qtype") === "case",
                          has: false, pending: null, busy: false, failed: false, tries: 0, timer: null };
    }
    return this.states[id];
  };

  Attempt.prototype.queue = function (question, answer) {
    var s = this.state(question);
    if (s.isCase && s.has) {
      s.pending = Object.assign({}, s.pending, answer);
    } else {
      s.pending = answer;
    }
    s.has = true;
    this.send(s);
  };

  Attempt.prototype.show = function (s, kind, text) {
    var badge = s.el.querySelector("[data-save-state]");
    s.failed = kind === "failed" || kind === "refused";
    if (badge) {
      badge.className = "save-state save-" + kind;
      badge.textContent = text;
      if (kind === "failed") {
        var retry = document.createElement("button");
        retry.type = "button";
        retry.className = "linkish";
        retry.textContent = "重试";
        retry.addEventListener("click", this.retry.bind(this, s));
        badge.appendChild(document.createTextNode(" "));
        badge.appendChild(retry);
      }
    }
    this.refreshSummary();
  };

  Attempt.prototype.refreshSummary = function () {
    var saving = 0;
    var failed = 0;
    var self = this;
    Object.keys(this.states).forEach(function (id) {
      var s = self.states[id];
      if (s.busy || s.has) { saving += 1; }
      if (s.failed) { failed += 1; }
    });
    if (!this.summary || this.closed) { return; }
    this.summary.classList.toggle("is-failed", failed > 0);
    if (failed) {
      this.summary.textContent = failed + " 题未能保存，请看该题的提示";
    } else if (saving) {
      this.summary.textContent = "正在保存…";
    } else {
      this.summary.textContent = "所有答案已保存 " + new Date().toTimeString().slice(0, 8);
    }
  };

  Attempt.prototype.isIdle = function () {
    var self = this;
    return Object.keys(this.states).every(function (id) {
      var s = self.states[id];
      return !s.busy && !s.has;
    });
  };

  Attempt.prototype.retry = function (s) {
    if (s.timer) { window.clearTimeout(s.timer); s.timer = null; }
    this.send(s);
  };

  Attempt.prototype.send = function (s) {
    if (s.busy || !s.has || this.closed) { return; }
    var body = s.pending;
    var self = this;
    s.has = false;
    s.pending = null;
    s.busy = true;
    this.show(s, "saving", "保存中…");
    this.put(this.url + s.id, { answer: body }).then(function (result) {
      s.busy = false;
      if (result.ok) {
        s.tries = 0;
        if (result.data) {
          self.answered.forEach(function (el) { el.textContent = result.data.answered; });
          self.mark(s.id, result.data.state);
        }
        self.show(s, "saved", "已保存");
        self.send(s);
        return;
      }
      var message = result.data && result.data.error ? result.data.error.message : "保存失败（HTTP " + result.status + "）";
      if (result.status === 409) { self.close(message); return; }
      if (result.status === 400 && result.data) {
        s.tries = 0;
        self.show(s, "refused", "未保存：" + message);
        return;
      }
      self.fail(s, body, message);
    }).catch(function () {
      s.busy = false;
      self.fail(s, body, "网络中断");
    });
  };

  /* PUT a JSON body to the API with the page's CSRF token → {ok, status, data}. */
  Attempt.prototype.put = function (url, body) {
    return fetch(url, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  };

  /* Keep the unsent answer (a newer one given meanwhile wins) and try again with back-off. */
  Attempt.prototype.fail = function (s, body, message) {
    if (!s.has) {
      s.pending = body;
      s.has = true;
    } else if (s.isCase) {
      s.pending = Object.assign({}, body, s.pending);
    }
    s.tries += 1;
    this.show(s, "failed", "保存失败（" + message + "）");
    var delay = Math.min(30000, 2000 * Math.pow(2, s.tries - 1));
    s.timer = window.setTimeout(this.retry.bind(this, s), delay);
  };

  /* The server takes no more answers (time up, or submitted elsewhere): say so and show
     the attempt as it now stands. */
  Attempt.prototype.close = function (message) {
    this.closed = true;
    this.leaving = true;
    if (this.summary) { this.summary.textContent = message; this.summary.classList.add("is-failed"); }
    window.setTimeout(function () { window.location.reload(); }, 2500);
  };

  /* A written answer: the character count at once, the citations checked once typing
     pauses (the citation check API: an article that does not exist, a repealed statute). */
  Attempt.prototype.written = function (input) {
    var box = input.closest("[data-written]");
    var count = box.querySelector("[data-char-count]");
    if (count) { count.textContent = input.value.length; }
    if (box.citeTimer) { window.clearTimeout(box.citeTimer); }
    box.citeTimer = window.setTimeout(this.checkCitations.bind(this, box, input), 1200);
  };

  Attempt.prototype.checkCitations = function (box, input) {
    var list = box.querySelector("[data-cite-flags]");
    var url = this.form.getAttribute("data-cite-url");
    if (!list || !url) { return; }
    if (!input.value.trim()) { list.textContent = ""; return; }
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.token },
      body: JSON.stringify({ text: input.value })
    }).then(function (response) { return response.ok ? response.json() : null; }).then(function (data) {
      if (!data) { return; }
      list.textContent = "";
      data.citations.forEach(function (c) {
        var item = document.createElement("li");
        var flag = { no_such_article: "不存在", unknown_statute: "不存在", repealed: "已废止" }[c.status];
        item.className = flag ? "cite-flag is-bad" : "cite-flag is-ok";
        item.setAttribute("data-cite-status", c.status);
        item.textContent = c.text + (flag ? "：" + flag + (c.message ? "（" + c.message + "）" : "") : "：已核对");
        list.appendChild(item);
      });
    }).catch(function () { /* the check is help, not a condition of saving */ });
  };

  /* ---- the answer sheet (答题卡): each save's answer says the question's state (the
     server's one rule); 标记 through the API; 交卷 lists what is open, then confirms ---- */
  var STATE_NAMES = { answered: "已答", partly: "部分作答", unanswered: "未答" };

  Attempt.prototype.mark = function (id, state, flagged) {
    var cell = this.sheet && this.sheet.querySelector('[data-sheet-cell="' + id + '"]');
    if (!cell) { return; }
    if (state) {
      cell.classList.remove("is-" + cell.getAttribute("data-state"));
      cell.setAttribute("data-state", state);
      cell.classList.add("is-" + state);
    }
    if (flagged !== undefined) { cell.classList.toggle("is-flagged", flagged); }
    cell.querySelector("[data-sheet-label]").textContent = STATE_NAMES[cell.getAttribute("data-state")] +
      (cell.classList.contains("is-flagged") ? "，已标记" : "");
  };

  Attempt.prototype.flag = function (button) {
    var self = this;
    var id = button.closest("[data-question]").getAttribute("data-question");
    var wanted = button.value === "on";
    button.disabled = true;
    this.put(this.sheet.getAttribute("data-flag-url") + id, { flagged: wanted }).then(function (result) {
      button.disabled = false;
      if (!result.ok) {
        var message = result.data && result.data.error ? result.data.error.message : "HTTP " + result.status;
        if (result.status === 409) { self.close(message); } else if (self.summary) { self.summary.textContent = "标记失败：" + message; }
        return;
      }
      button.value = wanted ? "off" : "on";
      button.textContent = wanted ? "已标记" : "标记";
      button.setAttribute("aria-pressed", String(wanted));
      self.mark(id, null, wanted);
    }).catch(function () {
      button.disabled = false;
      if (self.summary) { self.summary.textContent = "标记失败（网络中断）"; }
    });
  };

  /* Run `fn` once the answers in flight have landed (at most ~8 s). */
  Attempt.prototype.whenIdle = function (fn) {
    var self = this;
    var waited = 0;
    var go = function () {
      if (!self.isIdle() && waited < 8000 && !self.closed) {
        waited += 200;
        window.setTimeout(go, 200);
        return;
      }
      fn();
    };
    go();
  };

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  /* The confirmation the server's page (GET …/submit) gives without script, as a dialog. */
  Attempt.prototype.confirmSubmit = function (action) {
    var self = this;
    this.whenIdle(function () {
      if (self.closed) { return; }
      var cells = self.sheet.querySelectorAll("[data-sheet-cell]");
      var groups = { unanswered: [], partly: [], flagged: [] };
      var answered = 0;
      cells.forEach(function (cell) {
        var state = cell.getAttribute("data-state");
        if (groups[state]) { groups[state].push(cell); } else { answered += 1; }
        if (cell.classList.contains("is-flagged")) { groups.flagged.push(cell); }
      });
      var dialog = element("dialog", "submit-dialog");
      dialog.setAttribute("aria-labelledby", "submit-dialog-title");
      var title = dialog.appendChild(element("h2", "", "确认交卷"));
      title.id = "submit-dialog-title";
      dialog.appendChild(element("p", "", "共 " + cells.length + " 题，已答 " + answered + " 题。" +
        (answered === cells.length ? "全部题目均已作答。" : "")));
      [["unanswered", "未答"], ["partly", "部分作答"], ["flagged", "已标记"]].forEach(function (group) {
        if (!groups[group[0]].length) { return; }
        var row = dialog.appendChild(element("p", "submit-check-row"));
        row.appendChild(element("strong", "", group[1] + "："));
        groups[group[0]].forEach(function (cell, index) {
          if (index) { row.appendChild(document.createTextNode("、")); }
          var link = row.appendChild(element("a", "", "第 " + cell.getAttribute("data-position") + " 题"));
          link.href = cell.getAttribute("href");
          link.addEventListener("click", function () { dialog.close(); });
        });
      });
      dialog.appendChild(element("p", "small muted", "交卷后不能再修改答案。"));
      var buttons = dialog.appendChild(element("div", "button-row"));
      var yes = buttons.appendChild(element("button", "button button-primary", "确认交卷"));
      var no = buttons.appendChild(element("button", "button button-secondary", "返回检查"));
      yes.type = no.type = "button";
      yes.addEventListener("click", function () { dialog.close(); self.post(action, true); });
      no.addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () { dialog.remove(); });
      document.body.appendChild(dialog);
      dialog.showModal();
    });
  };

  /* Post the form to `action` once the answers in flight have landed (at most ~8 s): the
     post carries every answer anyway, and the server saves what changed before acting.
     `confirmed`: a 交卷 already confirmed (or the countdown's), not sent to the confirmation. */
  Attempt.prototype.post = function (action, confirmed) {
    var self = this;
    this.leaving = true;
    this.whenIdle(function () {
      if (confirmed) {
        var field = self.form.appendChild(element("input"));
        field.type = "hidden";
        field.name = "confirmed";
        field.value = "1";
      }
      self.closed = true;
      self.form.action = action;
      self.form.submit();
    });
  };

  Attempt.prototype.listen = function () {
    var self = this;
    var timers = {};
    this.form.addEventListener("change", function (event) {
      var question = event.target.closest("[data-question]");
      if (!question || !event.target.name || event.target.name.indexOf("q") !== 0) { return; }
      if (timers[event.target.name]) { window.clearTimeout(timers[event.target.name]); }
      self.queue(question, self.answerFor(question, event.target));
    });
    this.form.addEventListener("input", function (event) {
      if (event.target.hasAttribute("data-written-input")) { self.written(event.target); }
      if (event.target.type !== "text" && event.target.type !== "textarea") { return; }
      var question = event.target.closest("[data-question]");
      var name = event.target.name;
      var badge = question && question.querySelector("[data-save-state]");
      if (badge) { badge.className = "save-state save-editing"; badge.textContent = "输入中…"; }
      if (timers[name]) { window.clearTimeout(timers[name]); }
      timers[name] = window.setTimeout(function () {
        timers[name] = null;
        self.queue(question, self.answerFor(question, event.target));
      }, 800);
    });
    this.form.addEventListener("submit", function (event) {
      var button = event.submitter;
      event.preventDefault();
      if (self.closed) { return; }
      if (button && button.hasAttribute("data-flag")) {
        self.flag(button);
        return;
      }
      if (button && button.hasAttribute("data-submit-attempt") && self.sheet && window.HTMLDialogElement) {
        self.confirmSubmit(button.formAction);
        return;
      }
      self.post(button && button.formAction ? button.formAction : self.form.action);
    });
    window.addEventListener("beforeunload", function (event) {
      if (!self.leaving && !self.isIdle()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  };

  Attempt.prototype.countdown = function () {
    var clock = document.querySelector("[data-countdown]");
    if (!clock) { return; }
    var self = this;
    var end = Date.now() + parseInt(clock.getAttribute("data-seconds-left"), 10) * 1000;
    var submit = document.querySelector("[data-submit-attempt]");
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var tick = function () {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (left < 86400) {
        var h = Math.floor(left / 3600);
        var m = Math.floor((left % 3600) / 60);
        clock.textContent = "剩余 " + (h ? h + ":" + two(m) : m) + ":" + two(left % 60);
      }
      clock.classList.toggle("is-urgent", left <= 300);
      if (left > 0) { window.setTimeout(tick, 1000 - (Date.now() % 1000) + 5); return; }
      if (self.closed) { return; }
      if (self.summary) { self.summary.textContent = "时间到，正在按已保存的答案交卷…"; }
      // One second of grace: the server's clock decides, and it submits from the last save.
      window.setTimeout(function () { self.post(submit ? submit.formAction : self.form.action, true); }, 1000);
    };
    tick();
  };

  function setUpAttempt() {
    var form = document.querySelector("[data-attempt-form]");
    if (!form || form.getAttribute("data-running") !== "true" || !window.fetch) { return; }
    var attempt = new Attempt(form);
    attempt.listen();
    attempt.countdown();
    // At phone width the 答题卡 starts folded: a tap on its summary opens it.
    if (attempt.sheet && window.matchMedia("(max-width: 640px)").matches) { attempt.sheet.open = false; }
    document.querySelectorAll("[data-manual-save]").forEach(function (button) { button.hidden = true; });
  }

  /* 纠错 without leaving the page. */
  function setUpReports() {
    document.querySelectorAll("form[data-report-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.fetch) { return; }
        event.preventDefault();
        var box = document.querySelector('[form="' + form.id + '"]').closest("[data-report]");
        var state = box.querySelector("[data-report-state]");
        state.textContent = "提交中…";
        fetch(form.action, { method: "POST", credentials: "same-origin", body: new FormData(form),
                             headers: { "Accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            state.textContent = data.error ? data.error.message : data.message;
            if (!data.error) { box.querySelector("textarea").value = ""; }
          })
          .catch(function () { state.textContent = "提交失败，请稍后重试"; });
      });
    });
  }

  onReady(function () {
    setUpQuestionForm();
    setUpShowWhen();
    setUpBatchForms();
    setUpAttempt();
    setUpReports();
  });
}());
