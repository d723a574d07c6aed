/* Keyboard help for policy pages: Escape closes the version list; buttons step through redline changes;
   the history page's date field says which version applied on a day (the table of periods says the
   same without JavaScript). */
(function () {
  "use strict";
  function setup() {
    setupLookup();
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
  function longDate(day) {
    var lang = document.documentElement.lang || undefined;
    return new Date(day + "T00:00:00Z").toLocaleDateString(lang, { dateStyle: "long", timeZone: "UTC" });
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  /* The answers' sentences; a translation's page gives its own in data-policy-messages. */
  var ENGLISH = {
    inForce: "In force on {day}: version {number}{note}. ",
    announced: " (announced, in force from {day})",
    read: "read version {number}",
    pdf: "PDF of version {number}",
    beforeFirst: "No version applied on {day}: the policy first took effect on {first}.",
    afterRetired: "No version applied on {day}: the policy was retired on {retired}.",
    none: "No version applied on {day}."
  };
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (slot, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : slot;
    });
  }
  function answer(rows, retired, day, messages) {
    /* Days are ISO strings (YYYY-MM-DD), so string order is date order. */
    var parts = [];
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i].dataset;
      if (row.from <= day && (!row.until || day <= row.until)) {
        var note = row.status === "upcoming" ? fill(messages.announced, { day: longDate(row.from) }) : "";
        parts.push(fill(messages.inForce, { day: longDate(day), number: row.number, note: note }));
        parts.push(link(row.url, fill(messages.read, { number: row.number })));
        if (row.pdfUrl) { parts.push(" · ", link(row.pdfUrl, fill(messages.pdf, { number: row.number }))); }
        return parts;
      }
    }
    var first = rows.length ? rows[rows.length - 1].dataset.from : null;
    if (first && day < first) {
      return [fill(messages.beforeFirst, { day: longDate(day), first: longDate(first) })];
    }
    if (retired && day >= retired) {
      return [fill(messages.afterRetired, { day: longDate(day), retired: longDate(retired) })];
    }
    return [fill(messages.none, { day: longDate(day) })];
  }
  function setupLookup() {
    /* Not a <form>: nothing is sent anywhere; the button and Enter in the field answer here. */
    document.querySelectorAll("[data-policy-lookup]").forEach(function (form) {
      var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-from]"));
      var retiredRow = document.querySelector("tr[data-retired]");
      var out = form.querySelector(".policy-lookup__answer");
      var input = form.querySelector("input[type=date]");
      var messages = ENGLISH;
      if (form.dataset.policyMessages) {
        try { messages = Object.assign({}, ENGLISH, JSON.parse(form.dataset.policyMessages)); } catch (e) { /* keep English */ }
      }
      form.hidden = false;
      function show() {
        if (!input.value) { return; }
        out.textContent = "";
        answer(rows, retiredRow ? retiredRow.dataset.retired : null, input.value, messages).forEach(function (part) {
          out.append(part);
        });
      }
      form.querySelector("button").addEventListener("click", show);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); show(); }
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
