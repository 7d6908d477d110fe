// Table of contents on guides: the link of the section being read gets aria-current="true"
// (styled as the current one), updated by an IntersectionObserver as the reader scrolls.
// Without JavaScript, or without IntersectionObserver, the contents are plain links.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (!links.length || !("IntersectionObserver" in window)) return;
  var byId = {};
  var sections = [];
  links.forEach(function (link) {
    var section = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (section) {
      byId[section.id] = link;
      sections.push(section);
    }
  });
  var inView = new Set();

  function mark(id) {
    links.forEach(function (link) {
      if (byId[id] === link) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  // A section is current while it crosses the top third of the viewport; when two do (the end
  // of one, the start of the next), the later one is what the reader has just reached.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) inView.add(entry.target); else inView.delete(entry.target);
    });
    var current = sections.filter(function (s) { return inView.has(s); }).pop();
    if (current) mark(current.id);
    // Back above the first section (the introduction): no section is being read yet.
    else if (sections[0].getBoundingClientRect().top > 0) mark(null);
  }, { rootMargin: "0px 0px -66% 0px" });
  sections.forEach(function (section) { observer.observe(section); });

  links.forEach(function (link) {
    link.addEventListener("click", function () { mark(decodeURIComponent(link.hash.slice(1))); });
  });
})();
