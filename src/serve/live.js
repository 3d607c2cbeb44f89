// glossator serve: reloads the page when the site is rebuilt, keeping the
// reader's place; swaps stylesheets when only CSS changed; shows build
// errors over the page until the next good build. The address is the
// page's own (no host is written in), so it works on any host and port.
(function () {
  "use strict";
  var KEY = "glossator-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
    }
  } catch (e) { /* storage off: no scroll memory */ }

  function overlay(errors) {
    var box = document.getElementById("glossator-errors");
    if (!errors) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "glossator-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem;background:#2b0b0b;color:#ffe9e9;font:13px/1.45 ui-monospace,monospace;" +
        "white-space:pre-wrap;border-top:4px solid #e5484d";
      document.body.appendChild(box);
    }
    box.textContent = "glossator: the last change does not build; this page shows the last good build.\n\n" + errors;
  }

  var source = new EventSource("/__glossator/events");
  source.addEventListener("reload", function () {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  });
  source.addEventListener("css", function () {
    overlay(null);
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").replace(/[?&]glossator=\d+/, "");
      links[i].setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "glossator=" + Date.now());
    }
  });
  source.addEventListener("error-report", function (e) { overlay(e.data); });
  source.addEventListener("ok", function () { overlay(null); });
})();
