// Search on /search/ with Pagefind's JavaScript API and this small UI (Pagefind's own UI would
// weigh more than the rest of the page). The form is a plain GET form (?q=...&kind=...&level=...)
// so the header box on every page lands here; this script runs the search in place as you type
// or tick a filter, and keeps the URL in step so a search can be shared and survives a reload.
(function () {
  "use strict";
  var form = document.querySelector("form.cg-search[data-bundle]");
  if (!form) return;
  var input = form.elements.q;
  var status = document.getElementById("search-status");
  var list = document.querySelector(".cg-results");
  var PAGE = 10;
  var engine = null;
  var latest = 0;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "cg-results__more";
  more.textContent = "Show more results";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function pagefind() {
    if (!engine) {
      engine = import(form.dataset.bundle + "pagefind.js").then(async function (pf) {
        await pf.options({ baseUrl: form.dataset.base, noWorker: true, excerptLength: 30 });
        await pf.init();
        // A large site's index comes in shards (searchshards.py): merge the others into the main one.
        var shards = await fetch(form.dataset.bundle + "shards.json")
          .then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
        await Promise.all(shards.map(function (name) {
          return pf.mergeIndex(form.dataset.bundle + name, { baseUrl: form.dataset.base });
        }));
        return pf;
      });
    }
    return engine;
  }

  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked"))
      .map(function (box) { return box.value; });
  }

  function filters() {
    var chosen = {};
    ["kind", "level"].forEach(function (name) {
      var values = checked(name);
      if (values.length) chosen[name] = { any: values };
    });
    return chosen;
  }

  function keepInUrl() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    ["kind", "level"].forEach(function (name) {
      checked(name).forEach(function (value) { params.append(name, value); });
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  // Pagefind's excerpt is HTML with <mark> around matches: keep the marks, treat the rest as text
  // (a textarea decodes entities but never parses tags, so nothing in an excerpt can run).
  var decoder = document.createElement("textarea");
  function excerpt(target, html) {
    html.split(/(<\/?mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>" || part === "</mark>") return part === "<mark>";
      decoder.innerHTML = part;
      var text = document.createTextNode(decoder.value);
      if (inMark) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        target.appendChild(mark);
      } else {
        target.appendChild(text);
      }
      return inMark;
    }, false);
  }

  function render(data) {
    var li = document.createElement("li");
    li.className = "cg-result";
    var facts = (data.filters.kind || []).concat(data.filters.level || []);
    var kind = document.createElement("p");
    kind.className = "cg-result__kind";
    kind.textContent = facts.join(" · ");
    var title = document.createElement("h2");
    title.className = "cg-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    title.appendChild(link);
    var text = document.createElement("p");
    text.className = "cg-result__excerpt";
    excerpt(text, data.excerpt || "");
    li.append(kind, title, text);
    return li;
  }

  async function show(results, from, run) {
    var batch = await Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); }));
    if (run !== latest) return;
    batch.forEach(function (data) { list.appendChild(render(data)); });
    var left = results.length - from - batch.length;
    more.hidden = left <= 0;
    more.onclick = function () { show(results, from + PAGE, run); };
  }

  async function search() {
    var run = ++latest;
    var query = input.value.trim();
    var chosen = filters();
    keepInUrl();
    if (!query && !Object.keys(chosen).length) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    var found;
    try {
      found = await (await pagefind()).search(query || null, { filters: chosen });
    } catch (error) {
      engine = null;  // try again on the next search
      // Browsers refuse to load the index into a page opened from disk: say so, not "offline".
      status.textContent = location.protocol === "file:"
        ? "Search needs the site served over HTTP (any static file server will do), not opened from disk."
        : "Search could not load. Check your connection and try again.";
      return;
    }
    if (run !== latest || !found) return;
    list.textContent = "";
    var n = found.results.length;
    var what = query ? " for “" + query + "”" : "";
    status.textContent = n === 0 ? "No results" + what + ". Try fewer words or fewer filters."
      : n + (n === 1 ? " result" : " results") + what + ".";
    await show(found.results, 0, run);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") search();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  ["kind", "level"].forEach(function (name) {
    var values = params.getAll(name);
    form.querySelectorAll("input[name='" + name + "']").forEach(function (box) {
      box.checked = values.indexOf(box.value) !== -1;
    });
  });
  if (input.value || params.has("kind") || params.has("level")) search();
  else pagefind().catch(function () { engine = null; });  // warm up before the first word
})();
