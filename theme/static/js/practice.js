// Practice mode on guides and question banks. Turned on, answers and tips stay hidden until
// revealed, every question gets a "Practised" checkbox, and a line says how many are left. The
// mode, the ticks and what was revealed are kept per page in localStorage, so they survive a
// reload. Without JavaScript (or storage) the page is as written. Printing opens every answer.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(
    "li.cg-bank-q, .cg-area li.cg-question, .cg-behavioral li.cg-question"));
  if (!items.length) return;
  var key = "cg-practice:" + location.pathname;
  var state = load();
  var done = new Set(state.done);
  var seen = new Set(state.seen);

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "{}");
      return { on: !!saved.on, done: saved.done || [], seen: saved.seen || [] };
    } catch (e) {
      return { on: false, done: [], seen: [] };
    }
  }

  function save() {
    var data = { on: state.on, done: Array.from(done), seen: Array.from(seen) };
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* memory only */ }
  }

  function textId(text) {  // a stable id for questions without one: a hash of their text
    var h = 5381;
    for (var i = 0; i < text.length; i++) h = (h * 33 + text.charCodeAt(i)) >>> 0;
    return "t" + h.toString(36);
  }

  var used = {};
  var entries = items.map(function (li, n) {
    var q = li.querySelector(".cg-q, .cg-prompt");
    var id = li.id || textId(q ? q.textContent : String(n));
    used[id] = (used[id] || 0) + 1;
    if (used[id] > 1) id += "-" + used[id];
    if (q && !q.id) q.id = "cg-pq-" + n;
    var entry = { li: li, id: id, details: li.querySelector("details.cg-answer"),
                  tip: li.querySelector(".cg-tip") };
    var label = document.createElement("label");
    label.className = "cg-mark";
    label.innerHTML = '<input type="checkbox"> Practised';
    entry.box = label.firstChild;
    if (q) entry.box.setAttribute("aria-describedby", q.id);
    entry.box.checked = done.has(id);
    entry.box.addEventListener("change", function () {
      if (entry.box.checked) done.add(id); else done.delete(id);
      save();
      update();
    });
    li.appendChild(label);
    if (entry.details) {
      entry.details.addEventListener("toggle", function () {
        if (state.on && entry.details.open) { seen.add(id); save(); }
      });
    }
    if (entry.tip) {
      entry.reveal = document.createElement("button");
      entry.reveal.type = "button";
      entry.reveal.className = "cg-reveal";
      entry.reveal.textContent = "Show tip";
      entry.reveal.addEventListener("click", function () {
        seen.add(id);
        save();
        show(entry);
        entry.tip.setAttribute("tabindex", "-1");
        entry.tip.focus();
      });
      entry.tip.parentNode.insertBefore(entry.reveal, entry.tip);
    }
    return entry;
  });

  var bar = document.createElement("div");
  bar.className = "cg-practice";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Practice");
  bar.innerHTML = '<button type="button" class="cg-practice__toggle" aria-pressed="false">' +
    "Practice mode</button>" +
    '<p class="cg-practice__status" aria-live="polite"></p>' +
    '<button type="button" class="cg-practice__reset">Start over</button>';
  var toggle = bar.querySelector(".cg-practice__toggle");
  var status = bar.querySelector(".cg-practice__status");
  var reset = bar.querySelector(".cg-practice__reset");
  var anchor = document.querySelector(".cg-bank, .cg-area, .cg-behavioral") || items[0].parentNode;
  anchor.parentNode.insertBefore(bar, anchor);

  function show(entry) {
    var hidden = state.on && !seen.has(entry.id);
    if (entry.tip) {
      entry.tip.hidden = hidden;
      entry.reveal.hidden = !hidden;
    }
    if (entry.details && state.on) entry.details.open = seen.has(entry.id);
  }

  function update() {
    // Only the questions shown count: a bank filtered by level is practised level by level.
    var shown = entries.filter(function (e) { return !e.li.hidden; });
    var left = shown.filter(function (e) { return !done.has(e.id); }).length;
    var what = shown.length < entries.length ? " shown questions" : " questions";
    document.body.classList.toggle("cg-practising", state.on);
    toggle.setAttribute("aria-pressed", String(state.on));
    reset.hidden = !state.on;
    status.textContent = !state.on
      ? "Hide the answers, reveal them one at a time and tick what you have practised."
      : left === 0 ? "All " + shown.length + what + " practised."
      : left + " of " + shown.length + what + " left to practise.";
  }

  toggle.addEventListener("click", function () {
    state.on = !state.on;
    save();
    entries.forEach(show);
    update();
  });
  reset.addEventListener("click", function () {
    done.clear();
    seen.clear();
    entries.forEach(function (e) { e.box.checked = false; show(e); });
    save();
    update();
  });

  // A printed page is a handout: every answer and tip shows, whatever the mode.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    // Only answers on the page: a big bank's unopened ones are on their own pages (bank-answers.js).
    closed = entries.filter(function (e) {
      return e.details && !e.details.open && e.details.querySelector(".cg-answer-body");
    });
    closed.forEach(function (e) { e.details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (e) { e.details.open = false; });
  });

  document.addEventListener("cg-filter", update);
  entries.forEach(show);
  update();
})();
