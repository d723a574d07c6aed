/* Keyboard help for policy pages: Escape closes the version list; buttons step through redline changes. */
(function () {
  "use strict";
  function setup() {
    document.querySelectorAll("details.policy-versions").forEach(function (details) {
      details.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && details.open) {
          details.open = false;
          details.querySelector("summary").focus();
        }
      });
    });
    var marks = Array.prototype.slice.call(document.querySelectorAll(".redline [id^='change-'], .redline .redline-moved-to"));
    var index = -1;
    document.querySelectorAll("[data-redline-step]").forEach(function (button) {
      button.disabled = marks.length === 0;
      button.addEventListener("click", function () {
        if (!marks.length) { return; }
        var step = parseInt(button.getAttribute("data-redline-step"), 10);
        if (index >= 0) { marks[index].classList.remove("redline-current"); }
        index = (index + step + marks.length) % marks.length;
        var mark = marks[index];
        mark.classList.add("redline-current");
        if (!mark.hasAttribute("tabindex")) { mark.setAttribute("tabindex", "-1"); }
        mark.scrollIntoView({ block: "center" });
        mark.focus({ preventScroll: true });
      });
    });
  }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
