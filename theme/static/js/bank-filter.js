// Level filter for question banks. Progressive enhancement: without JavaScript every question
// shows; with it, toggle buttons filter the list in place, the visible count updates, and the
// choice is kept in the URL (?level=beginner,senior) so it survives a reload and can be shared.
(function () {
  "use strict";
  var list = document.querySelector(".cg-bank-list");
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-level]"));
  // Hidden items leave the list's count, so fix each number before any is hidden (the HTML
  // leaves them implicit: without this script nothing is hidden).
  items.forEach(function (li, n) { li.value = n + 1; });
  var levels = ["beginner", "intermediate", "senior"];
  var selected = new Set();

  var params = new URLSearchParams(window.location.search);
  // Only levels the bank has: a link kept from when it had senior questions must not hide them
  // all behind a disabled button (nor tell practice mode that 0 of 0 are left).
  (params.get("level") || "").split(",").forEach(function (level) {
    if (levels.indexOf(level) !== -1 &&
        items.some(function (li) { return li.dataset.level === level; })) selected.add(level);
  });

  var group = document.createElement("div");
  group.className = "cg-filter";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Filter questions by level");
  var label = document.createElement("span");
  label.className = "cg-filter-label";
  label.textContent = "Show:";
  group.appendChild(label);

  var buttons = levels.map(function (level) {
    var count = items.filter(function (li) { return li.dataset.level === level; }).length;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cg-filter-btn cg-level--" + level;
    button.dataset.level = level;
    button.textContent = level.charAt(0).toUpperCase() + level.slice(1) + " (" + count + ")";
    button.disabled = count === 0;
    button.addEventListener("click", function () {
      if (selected.has(level)) selected.delete(level); else selected.add(level);
      apply(true);
    });
    group.appendChild(button);
    return button;
  });

  var status = document.createElement("p");
  status.className = "cg-filter-status";
  status.setAttribute("aria-live", "polite");
  list.parentNode.insertBefore(group, list);
  list.parentNode.insertBefore(status, list);

  function apply(updateUrl) {
    var shown = 0;
    items.forEach(function (li) {
      var visible = selected.size === 0 || selected.has(li.dataset.level);
      li.hidden = !visible;
      if (visible) shown += 1;
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(selected.has(button.dataset.level)));
    });
    status.textContent = "Showing " + shown + " of " + items.length + " questions";
    // practice.js counts the questions shown; it may have started before or after this script.
    list.dispatchEvent(new CustomEvent("cg-filter", { bubbles: true }));
    if (updateUrl) {
      var url = new URL(window.location.href);
      if (selected.size) {
        url.searchParams.set("level", levels.filter(function (l) { return selected.has(l); }).join(","));
      } else {
        url.searchParams.delete("level");
      }
      window.history.replaceState(null, "", url.toString());
    }
  }

  apply(false);
})();
