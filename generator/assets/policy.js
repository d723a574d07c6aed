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
    setupRedline();
    labelTableCells();
    keepPermalinksWithTheirWords();
    setupChangesFilter();
  }
  /* The changes page: show one policy's entries; the status line says how many. */
  function setupChangesFilter() {
    var filter = document.querySelector("[data-policy-filter]");
    if (!filter) { return; }
    var select = filter.querySelector("select");
    var count = filter.querySelector(".policy-changes-filter__count");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".policy-changes__entry[data-policy]"));
    filter.hidden = false;
    select.addEventListener("change", function () {
      var shown = 0;
      entries.forEach(function (entry) {
        entry.hidden = !!select.value && entry.dataset.policy !== select.value;
        if (!entry.hidden) { shown += 1; }
      });
      document.querySelectorAll(".policy-changes").forEach(function (list) {
        var any = list.querySelector(".policy-changes__entry:not([hidden])");
        var heading = list.previousElementSibling;
        list.hidden = !any;
        if (heading && heading.tagName === "H2") { heading.hidden = !any; }
      });
      var words = filter.dataset.countText || "{shown} of {total} changes shown.";
      count.textContent = select.value ? fill(words, { shown: shown, total: entries.length }) : "";
    });
  }
  /* Wide tables of a policy (4 columns or more) become cards on phones: each cell is labelled with its
     column's heading (policy.css). Without JavaScript they scroll sideways, with shadows that say so. */
  function labelTableCells() {
    document.querySelectorAll(".policy-text table, .redline table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      if (heads.length < 4 || table.hasAttribute("data-policy-cards")) { return; }
      table.setAttribute("data-policy-cards", "");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (heads[i]) { cell.setAttribute("data-label", heads[i]); }
        });
      });
    });
  }
  /* A heading's permalink never goes alone onto a line of its own: it is glued to the last word. */
  function keepPermalinksWithTheirWords() {
    document.querySelectorAll(".md-typeset .headerlink").forEach(function (link) {
      var text = link.previousSibling;
      if (!text || text.nodeType !== 3 || link.parentNode.classList.contains("policy-nowrap")) { return; }
      var match = /(\S+\s*)$/.exec(text.data);
      if (!match) { return; }
      text.data = text.data.slice(0, match.index);
      var glue = document.createElement("span");
      glue.className = "policy-nowrap";
      glue.textContent = match[1];
      link.parentNode.insertBefore(glue, link);
      glue.appendChild(link);
    });
  }
  /* The redline: step from change to change (buttons; j/n and k/p keys), each step said in the status
     line; "Changes only" folds the blocks without a mark. A change is an entry of the list of changes:
     one mark, or a deletion and the insertion that replaces it. The page stays whole without JavaScript. */
  var redline = null;
  function readable(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("[aria-hidden='true']").forEach(function (hidden) { hidden.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  /* Each change's marks, in order, as the list groups them; a mark the list lacks is a change of its own. */
  function groupMarks(marks) {
    var byId = {};
    marks.forEach(function (mark) { byId[mark.id] = mark; });
    var list = document.querySelector(".policy-changelist-sidebar .policy-changelist__list") ||
      document.querySelector(".policy-changelist__list");
    var entries = [];
    var listed = {};
    if (list) {
      Array.prototype.forEach.call(list.children, function (item) {
        var group = [];
        item.querySelectorAll("a[data-change]").forEach(function (a) {
          if (byId[a.dataset.change] && !listed[a.dataset.change]) {
            listed[a.dataset.change] = true;
            group.push(byId[a.dataset.change]);
          }
        });
        if (group.length) { entries.push({ marks: group, item: item }); }
      });
    }
    marks.forEach(function (mark) {
      if (!listed[mark.id]) { entries.push({ marks: [mark], item: null }); }
    });
    entries.sort(function (a, b) { return marks.indexOf(a.marks[0]) - marks.indexOf(b.marks[0]); });
    return entries;
  }
  function setupRedline() {
    var body = document.querySelector(".redline");
    var stepper = document.querySelector(".policy-redline-stepper");
    redline = null;
    if (!body || !stepper) { return; }
    var marks = Array.prototype.slice.call(body.querySelectorAll("ins[id], del[id]"));
    var entries = groupMarks(marks);
    var status = document.querySelector(".policy-redline-status");
    var toolbar = document.querySelector(".policy-redline-toolbar");
    var state = { index: -1, entries: entries };
    stepper.hidden = false;
    function show(index, focus) {
      document.querySelectorAll(".redline .redline-current").forEach(function (m) { m.classList.remove("redline-current"); });
      document.querySelectorAll("a[data-change][aria-current]").forEach(function (a) { a.removeAttribute("aria-current"); });
      state.index = index;
      var entry = entries[index];
      entry.marks.forEach(function (mark) {
        mark.classList.add("redline-current");
        document.querySelectorAll("a[data-change='" + mark.id + "']").forEach(function (a) { a.setAttribute("aria-current", "true"); });
      });
      var mark = focus || entry.marks[0];
      if (!mark.hasAttribute("tabindex")) { mark.setAttribute("tabindex", "-1"); }
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
      if (status) {
        status.textContent = fill(toolbar.dataset.stepText || "Change {number} of {total}:",
                                  { number: index + 1, total: entries.length }) + " " +
          (entry.item ? readable(entry.item) : mark.textContent);
      }
    }
    state.step = function (by) {
      if (!entries.length) { return; }
      show(state.index < 0 && by < 0 ? entries.length - 1 : (state.index + by + entries.length) % entries.length);
    };
    stepper.querySelectorAll("[data-redline-step]").forEach(function (button) {
      button.disabled = entries.length === 0;
      button.addEventListener("click", function () {
        state.step(parseInt(button.getAttribute("data-redline-step"), 10));
      });
    });
    document.querySelectorAll("a[data-change]").forEach(function (a) {
      a.addEventListener("click", function (event) {
        var target = marks.find(function (mark) { return mark.id === a.dataset.change; });
        var at = entries.findIndex(function (entry) { return entry.marks.indexOf(target) >= 0; });
        if (at < 0) { return; }
        event.preventDefault();
        history.replaceState(null, "", "#" + target.id);
        show(at, target);
      });
    });
    var foldButton = stepper.querySelector(".policy-redline-fold");
    function fold(on) {
      markUnchanged(body);
      body.classList.toggle("redline--changes-only", on);
      foldButton.setAttribute("aria-pressed", on ? "true" : "false");
    }
    foldButton.addEventListener("click", function () {
      fold(foldButton.getAttribute("aria-pressed") !== "true");
    });
    redline = state;
  }
  /* The redline's own marks: words, and whole blocks, rows and changed leaves (not a demoted heading's class). */
  var MARKS = "ins, del, .redline-changed, [class*='redline-block-'], [class*='redline-row-']";
  function hasMark(element) {
    return element.matches(MARKS) || !!element.querySelector(MARKS);
  }
  /* Blocks without a mark get .redline-unchanged (items and rows too, inside a changed list or table),
     except the heading nearest above a change, which says where it is. */
  function markUnchanged(body) {
    if (body.dataset.folded) { return; }
    body.dataset.folded = "1";
    var heading = null;
    Array.prototype.forEach.call(body.children, function (block) {
      if ((/^H[1-6]$/.test(block.tagName) || block.getAttribute("role") === "heading") && !hasMark(block)) {
        block.classList.add("redline-unchanged");
        heading = block;
      } else if (!hasMark(block)) {
        block.classList.add("redline-unchanged");
      } else {
        if (heading) { heading.classList.remove("redline-unchanged"); heading = null; }
        block.querySelectorAll(":scope > li, :scope > tbody > tr, :scope > dt, :scope > dd").forEach(function (part) {
          if (!hasMark(part)) { part.classList.add("redline-unchanged"); }
        });
      }
    });
  }
  function onKey(event) {
    if (!redline || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var by = { j: 1, n: 1, k: -1, p: -1 }[event.key];
    if (!by) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();  /* the theme's own n/p go to the next and previous page */
    redline.step(by);
  }
  if (!window.policyRedlineKeys) {
    window.policyRedlineKeys = true;
    window.addEventListener("keydown", onKey, true);
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
