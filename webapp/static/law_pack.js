/* The 以案释法 projector page: one slide on screen at a time; arrow keys, PageUp/PageDown,
   space, Home/End and the bar's buttons turn pages; F toggles full screen.  The slide shown
   is kept in the address (#3) so a reload stays on it.  Without script every slide shows,
   one under another. */
(function () {
  "use strict";

  function setUp() {
    var deck = document.querySelector("[data-slides]");
    if (!deck) { return; }
    var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
    var count = document.querySelector("[data-slide-count]");
    var current = 0;
    document.body.classList.add("slides-on");

    function show(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      count.textContent = (current + 1) + " / " + slides.length;
      if (window.history.replaceState) { window.history.replaceState(null, "", "#" + (current + 1)); }
    }

    function fullScreen() {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var keys = {
        ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, Enter: 1,
        ArrowLeft: -1, ArrowUp: -1, PageUp: -1, Backspace: -1
      };
      if (event.key in keys) { show(current + keys[event.key]); }
      else if (event.key === "Home") { show(0); }
      else if (event.key === "End") { show(slides.length - 1); }
      else if (event.key === "f" || event.key === "F") { fullScreen(); }
      else { return; }
      event.preventDefault();
    });
    document.querySelector("[data-slide-prev]").addEventListener("click", function () { show(current - 1); });
    document.querySelector("[data-slide-next]").addEventListener("click", function () { show(current + 1); });
    document.querySelector("[data-slide-full]").addEventListener("click", fullScreen);
    show((parseInt(window.location.hash.slice(1), 10) || 1) - 1);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();
