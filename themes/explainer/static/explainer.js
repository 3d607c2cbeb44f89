// glossator explainer theme: hover cards for mentions, the light/dark
// toggle, and the glossary's kind filter. No framework, no other host: the
// card data is in script files of the site, loaded with <script> elements
// (not fetched), so all of it works from file:// too. Without JavaScript
// every mention is a plain link.
(function () {
  "use strict";
  var root = document.documentElement;
  var STORE = "glossator-theme";

  // --- Links, on a server and on the disk ---------------------------------
  // data-root is how this page reaches the site's root ("/", or "../../"
  // when the site is built with relative_urls); data-base is the site's
  // base path, which URLs in data (card links) start with.
  var siteRoot = root.getAttribute("data-root");
  var siteBase = root.getAttribute("data-base");
  var onDisk = location.protocol === "file:";

  // --- Words ---------------------------------------------------------------
  // The theme's words in the page's language (script#glossator-strings,
  // from its i18n/<lang>.toml); English when a page has none.
  var words_ = {};
  try {
    var given = document.getElementById("glossator-strings");
    if (given) words_ = JSON.parse(given.textContent) || {};
  } catch (e) { /* no words: English */ }
  function say(key, english) {
    return typeof words_[key] === "string" ? words_[key] : english;
  }
  // Words that depend on a number, by the language's plural rules.
  function sayCount(key, n, one, other) {
    var forms = words_[key];
    var category = "other";
    try { category = new Intl.PluralRules(root.lang || "en").select(n); } catch (e) { /* old browser */ }
    var chosen = forms && typeof forms === "object" ? (forms[category] || forms.other) : null;
    if (!chosen) chosen = n === 1 ? one : other;
    return chosen.split("{n}").join(String(n));
  }
  // On the disk a folder does not open its index.html by itself.
  function diskPath(href) {
    if (!onDisk || /^([a-z]+:|\/\/|#)/i.test(href)) return href;
    var hash = href.indexOf("#");
    var path = hash < 0 ? href : href.slice(0, hash);
    var rest = hash < 0 ? "" : href.slice(hash);
    if (path === "" ) return href;
    if (/\/$/.test(path)) path += "index.html";
    else if (path === "." || path === "..") path += "/index.html";
    return path + rest;
  }
  function local(url) {
    if (siteRoot !== null && siteBase && url.indexOf(siteBase) === 0) {
      url = siteRoot + url.slice(siteBase.length);
    }
    return diskPath(url);
  }
  if (onDisk) {
    var links = document.querySelectorAll("a[href]");
    for (var l = 0; l < links.length; l++) {
      links[l].setAttribute("href", diskPath(links[l].getAttribute("href")));
    }
  }

  // --- Light and dark -----------------------------------------------------
  function stored() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }
  function current() {
    var t = root.getAttribute("data-theme") || stored();
    if (t === "light" || t === "dark") return t;
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  // Only a click stores a choice: until then the page follows the system.
  function setTheme(t, remember) {
    if (remember) {
      root.setAttribute("data-theme", t);
      try { localStorage.setItem(STORE, t); } catch (e) { /* private mode: not remembered */ }
    }
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.setAttribute("aria-pressed", t === "dark" ? "true" : "false");
      button.setAttribute("aria-label", t === "dark" ? say("theme_light", "Use the light theme") : say("theme_dark", "Use the dark theme"));
    }
  }
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    setTheme(current(), false);
    toggle.addEventListener("click", function () {
      setTheme(current() === "dark" ? "light" : "dark", true);
    });
    if (window.matchMedia) {
      matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
        setTheme(current(), false);
      });
    }
  }

  // --- Hover cards --------------------------------------------------------
  // The cards of a language's entries are in files every page shares,
  // <data-cards><n>.js, entry `id` in file n = FNV-1a of the id's UTF-16
  // code units modulo data-card-files (src/render/hover_cards.rs computes
  // the same). A file is loaded the first time a mention of one of its
  // entries is hovered or focused, and calls glossatorCards with its
  // cards; the browser keeps it for the other pages. A theme's page may
  // still carry its own cards (script#glossator-terms, `terms_json`).
  var data = {};
  var source = document.getElementById("glossator-terms");
  if (source) {
    try { data = JSON.parse(source.textContent); } catch (e) { data = {}; }
  }
  var cardFolder = root.getAttribute("data-cards");
  var cardFiles = parseInt(root.getAttribute("data-card-files"), 10) || 0;
  var loading = {};
  var waiting = null; // the mention whose card waits for its file
  window.glossatorCards = function (cards) {
    for (var id in cards) {
      if (Object.prototype.hasOwnProperty.call(cards, id) && !data[id]) data[id] = cards[id];
    }
  };
  function fileOf(id) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) {
      hash ^= id.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % cardFiles;
  }
  // Loads the file holding `id`'s card, then shows the card of the
  // mention still waiting for it.
  function load(id) {
    if (!cardFolder || !cardFiles) return;
    var n = fileOf(id);
    if (loading[n]) return;
    loading[n] = true;
    var script = document.createElement("script");
    script.src = cardFolder + n + ".js";
    script.onload = function () {
      var link = waiting;
      waiting = null;
      if (link && data[link.getAttribute("data-term")]) show(link);
    };
    // Not there (a site copied in part): no card, as for an unknown id;
    // the next hover tries again.
    script.onerror = function () {
      loading[n] = false;
      waiting = null;
      script.remove();
    };
    document.head.appendChild(script);
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

  // The card, emptied and given to `link`; `reveal` shows it beside it.
  function claim(link) {
    if (!card) build();
    clearTimeout(hideTimer);
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    card.textContent = "";
  }

  function reveal(link) {
    card.hidden = false;
    link.setAttribute("aria-describedby", "term-card");
    place(link);
  }

  // A citation's card shows its source as the page's list formats it.
  function showSource(link) {
    var item = document.getElementById("source-" + link.getAttribute("data-source"));
    var formatted = item && item.querySelector(".source-text");
    if (!formatted) return;
    claim(link);
    card.appendChild(text("p", "term-card-kind", say("card_source", "Source")));
    var body = document.createElement("p");
    body.className = "term-card-summary";
    body.innerHTML = formatted.innerHTML;
    body.querySelectorAll("a").forEach(function (a) { a.tabIndex = -1; });
    card.appendChild(body);
    reveal(link);
  }

  function show(link) {
    if (link.hasAttribute("data-source")) return showSource(link);
    var id = link.getAttribute("data-term");
    var entry = data[id];
    if (!entry) {
      // Shown once its file is in, if the reader is still on it.
      waiting = link;
      load(id);
      return;
    }
    waiting = null;
    claim(link);
    card.appendChild(text("p", "term-card-title", entry.title));
    if (entry.kind) card.appendChild(text("p", "term-card-kind", entry.kind));
    card.appendChild(text("p", "term-card-summary", entry.summary));
    var more = text("a", "term-card-link", say("card_read_entry", "Read the entry"));
    more.href = local(entry.url);
    more.tabIndex = -1; // keyboard readers have the mention link itself
    card.appendChild(more);
    reveal(link);
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(320, root.clientWidth - 16);
    card.style.width = width + "px";
    // The card starts where the mention starts: at its right edge in a
    // right-to-left page.
    var start = root.dir === "rtl" ? r.right - width : r.left;
    var left = Math.max(8, Math.min(start + window.scrollX, window.scrollX + root.clientWidth - width - 8));
    card.style.left = left + "px";
    var below = r.bottom + window.scrollY + 6;
    card.style.top = below + "px";
    var box = card.getBoundingClientRect();
    if (box.bottom > window.innerHeight && r.top > box.height + 12) {
      card.style.top = (r.top + window.scrollY - box.height - 6) + "px";
    }
  }

  function hide() {
    waiting = null;
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
    return target && target.closest ? target.closest("a.term[data-term], a.cite[data-source]") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var link = mention(e.target);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (e) {
    var link = mention(e.target);
    if (link && waiting === link) waiting = null;
    if (link) scheduleHide();
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

  // --- Notes in the margin ---------------------------------------------------
  // On wide screens the stylesheet sets each note on the row of the block it
  // follows, so a tall note pushes the text down. Here, each note stops
  // sizing its row and moves down just enough to clear the note above it,
  // the way margin notes are set in print. Without JavaScript, or on narrow
  // screens, the stylesheet's layout stands.
  var noted = document.querySelectorAll(".prose");
  function layNotes() {
    for (var i = 0; i < noted.length; i++) {
      var prose = noted[i];
      var notes = [];
      for (var c = prose.firstElementChild; c; c = c.nextElementSibling) {
        if (c.classList.contains("note-body")) notes.push(c);
      }
      if (!notes.length) continue;
      prose.style.paddingBottom = "";
      notes.forEach(function (n) { n.style.marginBottom = ""; n.style.transform = ""; });
      if (getComputedStyle(prose).display !== "grid") continue;
      var heights = notes.map(function (n) { return n.offsetHeight; });
      notes.forEach(function (n, k) { n.style.marginBottom = -heights[k] + "px"; });
      var gap = parseFloat(getComputedStyle(notes[0]).fontSize) || 14;
      var floor = -Infinity;
      notes.forEach(function (n, k) {
        var top = n.getBoundingClientRect().top;
        var shift = Math.max(0, floor - top);
        if (shift) n.style.transform = "translateY(" + shift + "px)";
        floor = top + shift + heights[k] + gap;
      });
      var below = floor - gap - prose.getBoundingClientRect().bottom;
      if (below > 0) prose.style.paddingBottom = below + "px";
    }
  }
  if (noted.length) {
    var layPending = false;
    var relay = function () {
      if (layPending) return;
      layPending = true;
      requestAnimationFrame(function () { layPending = false; layNotes(); });
    };
    layNotes();
    window.addEventListener("resize", relay);
    window.addEventListener("load", relay);
  }

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

  // --- Search ---------------------------------------------------------------
  // The index is Pagefind's, built by glossator for each language: the
  // page's data-search-base names the folder of its script, which loads the
  // index of the page's language in chunks as the query needs them.
  var page = document.querySelector(".search[data-search-base]");
  if (page) {
    var base = page.getAttribute("data-search-base");
    var input = document.getElementById("search-q");
    var status = page.querySelector(".search-status");
    var list = document.getElementById("search-results");
    var engine = null;
    var load = function () {
      if (!engine) {
        // import() resolves against this script: make the folder absolute.
        engine = import(new URL(base + "pagefind.js", location.href).href).then(function (pf) {
          // Result URLs are the site's own, base path included.
          return pf.options({ baseUrl: "/", excerptLength: 24 }).then(function () { return pf; });
        });
      }
      return engine;
    };
    var latest = 0;
    var run = function (q) {
      var ask = ++latest;
      list.textContent = "";
      if (!q.trim()) { status.textContent = ""; return; }
      status.textContent = say("searching", "Searching…");
      load().then(function (pf) { return pf.search(q); }).then(function (found) {
        if (ask !== latest) return null;
        return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); })).then(function (docs) {
          return { count: found.results.length, docs: docs };
        });
      }).then(function (found) {
        if (!found || ask !== latest) return;
        status.textContent = found.count ? sayCount("results", found.count, "{n} result", "{n} results") : say("nothing_found", "Nothing found.");
        found.docs.forEach(function (doc) {
          var li = document.createElement("li");
          var a = text("a", "result-title", doc.meta.title || doc.url);
          a.href = local(doc.url);
          li.appendChild(a);
          if (doc.meta.kind) li.appendChild(text("span", "result-kind", doc.meta.kind));
          // A page shows the words around what was found; an entry, event,
          // note or source the start of its text, which says what it is.
          var snippet = doc.meta.kind === "page" ? doc.plain_excerpt : doc.meta.snippet;
          if (snippet) li.appendChild(text("p", "result-snippet", snippet));
          list.appendChild(li);
        });
      }).catch(function () {
        if (ask === latest) status.textContent = say("search_failed", "The search index could not be loaded.");
      });
    };
    if (onDisk) {
      // Browsers do not let a page opened from the disk read other files.
      status.textContent = say("search_on_disk", "Search needs the site to be served by a web server; on the disk, use the links of the home page.");
      return;
    }
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    run(query);
    page.querySelector(".search-form").addEventListener("submit", function (e) {
      e.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value);
    });
  }
})();
