// glossator explainer theme: hover cards for mentions, the light/dark
// toggle, and the glossary's kind filter. No framework, no network: the
// card data is in the page itself (script#glossator-terms), so all of it
// works from file:// too. Without JavaScript every mention is a plain link.
(function () {
  "use strict";
  var root = document.documentElement;
  var STORE = "glossator-theme";

  // --- Light and dark -----------------------------------------------------
  function stored() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }
  function current() {
    var t = root.getAttribute("data-theme") || stored();
    if (t === "light" || t === "dark") return t;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function setTheme(t) {
    root.setAttribute("data-theme", t);
    try { localStorage.setItem(STORE, t); } catch (e) { /* private mode: not remembered */ }
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.setAttribute("aria-pressed", t === "dark" ? "true" : "false");
      button.setAttribute("aria-label", t === "dark" ? "Use the light theme" : "Use the dark theme");
    }
  }
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    setTheme(current());
    toggle.addEventListener("click", function () {
      setTheme(current() === "dark" ? "light" : "dark");
    });
  }

  // --- Hover cards --------------------------------------------------------
  var data = {};
  var source = document.getElementById("glossator-terms");
  if (source) {
    try { data = JSON.parse(source.textContent); } catch (e) { data = {}; }
  }
  var card = null;
  var owner = null;
  var hideTimer = 0;

  function build() {
    card = document.createElement("div");
    card.id = "term-card";
    card.className = "term-card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(card);
  }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = value;
    return el;
  }

  function show(link) {
    var entry = data[link.getAttribute("data-term")];
    if (!entry) return;
    if (!card) build();
    clearTimeout(hideTimer);
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    card.textContent = "";
    card.appendChild(text("p", "term-card-title", entry.title));
    if (entry.kind) card.appendChild(text("p", "term-card-kind", entry.kind));
    card.appendChild(text("p", "term-card-summary", entry.summary));
    var more = text("a", "term-card-link", "Read the entry");
    more.href = entry.url;
    more.tabIndex = -1; // keyboard readers have the mention link itself
    card.appendChild(more);
    card.hidden = false;
    link.setAttribute("aria-describedby", "term-card");
    place(link);
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(320, root.clientWidth - 16);
    card.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + root.clientWidth - width - 8));
    card.style.left = left + "px";
    var below = r.bottom + window.scrollY + 6;
    card.style.top = below + "px";
    var box = card.getBoundingClientRect();
    if (box.bottom > window.innerHeight && r.top > box.height + 12) {
      card.style.top = (r.top + window.scrollY - box.height - 6) + "px";
    }
  }

  function hide() {
    if (!card) return;
    card.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function mention(target) {
    return target && target.closest ? target.closest("a.term[data-term]") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var link = mention(e.target);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (e) {
    if (mention(e.target)) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    var link = mention(e.target);
    if (link) show(link); else if (!card || !card.contains(e.target)) hide();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && card && !card.hidden) hide();
  });
  // On a touch screen the first tap shows the card, the second follows the link.
  var touched = false;
  document.addEventListener("pointerdown", function (e) { touched = e.pointerType === "touch"; });
  document.addEventListener("click", function (e) {
    var link = mention(e.target);
    if (link && touched && owner !== link) {
      e.preventDefault();
      show(link);
    } else if (!link && card && !card.contains(e.target)) {
      hide();
    }
  });
  window.addEventListener("resize", function () { if (owner) place(owner); });

  // --- Glossary kind filter -----------------------------------------------
  var filter = document.querySelector(".kind-filter");
  if (filter) {
    filter.hidden = false;
    filter.addEventListener("change", function (e) {
      var kind = e.target.value;
      var items = document.querySelectorAll(".glossary [data-kind]");
      for (var i = 0; i < items.length; i++) {
        items[i].hidden = kind !== "" && items[i].getAttribute("data-kind") !== kind;
      }
      var letters = document.querySelectorAll(".glossary section.letter");
      for (var j = 0; j < letters.length; j++) {
        letters[j].hidden = !letters[j].querySelector("[data-kind]:not([hidden])");
      }
    });
  }
})();
