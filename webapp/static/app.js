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

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (!target) { return; }
        var text = target.value !== undefined ? target.value : target.textContent;
        var done = function () {
          var label = button.textContent;
          button.textContent = "已复制";
          window.setTimeout(function () { button.textContent = label; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done);
        } else if (target.select) {
          target.select();
          document.execCommand("copy");
          done();
        }
      });
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

  onReady(function () {
    setUpNavToggle();
    setUpConfirms();
    setUpCopyButtons();
    setUpJobProgress();
  });
}());
