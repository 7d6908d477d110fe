// Answers of a big bank, opened in place. A bank too big to carry every answer within the page
// budget lists its questions only (data-answers="pages"; see bank.py): this gives each linked
// question the same "Show answer" disclosure as a small bank, filled from the question's own page
// the first time it opens. Without JavaScript the answer is one click away, on that page.
// Runs before practice.js, which then finds these disclosures like any other.
(function () {
  "use strict";
  var list = document.querySelector(".cg-bank-list[data-answers=pages]");
  if (!list) return;

  function fill(body, link, html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var short = page.querySelector(".cg-short-answer");
    var more = page.querySelector(".cg-details");
    if (!short && !more) throw new Error("no answer on " + link.href);
    var parts = Array.prototype.slice.call((short || more).children)
      .filter(function (el) { return el.tagName !== "H2"; });
    body.textContent = "";
    parts.forEach(function (el) {
      // Links inside the answer were written relative to its page, not to this one.
      el.querySelectorAll("[href], [src]").forEach(function (e) {
        var name = e.hasAttribute("href") ? "href" : "src";
        e.setAttribute(name, new URL(e.getAttribute(name), link.href).href);
      });
      body.appendChild(document.importNode(el, true));
    });
    if (short && more) {
      var p = document.createElement("p");
      p.innerHTML = '<a href="">In more depth, on its page</a>';
      p.firstChild.href = link.href + "#details-h";
      body.appendChild(p);
    }
  }

  Array.prototype.forEach.call(list.querySelectorAll("li > .cg-q > a"), function (link) {
    var details = document.createElement("details");
    details.className = "cg-answer";
    details.innerHTML = "<summary>Show answer</summary>";
    var body = null, loaded = false;
    details.addEventListener("toggle", function () {
      if (!details.open || loaded) return;
      loaded = true;  // until it fails: the next opening then tries again
      if (!body) {
        body = document.createElement("div");
        body.className = "cg-answer-body";
        body.setAttribute("aria-live", "polite");
        details.appendChild(body);
      }
      body.textContent = "Loading the answer…";
      fetch(link.href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (html) {
        fill(body, link, html);
      }).catch(function () {
        loaded = false;
        body.innerHTML = '<p>The answer did not load: <a href="">read it on its page</a>.</p>';
        body.querySelector("a").href = link.href;
      });
    });
    link.parentNode.parentNode.appendChild(details);
  });
})();
