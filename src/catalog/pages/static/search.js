/* catalog pages: the search box of the front page, across every item of the site. The index
   is a local script (its path in the form's data-index; it sets window.CATALOG_INDEX), loaded
   on first use so the front page stays light on a phone; it works from disk and offline.
   Index: {pages: [[href, domain, issuer]], items: [[page, anchor, label, text]]}. */
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  if (!form) { return; }
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var limit = parseInt(form.getAttribute("data-limit") || "50", 10);
  var index = null;
  var haystacks = null;
  var loading = false;
  function load() {
    if (index || loading) { return; }
    loading = true;
    status.textContent = status.getAttribute("data-loading") || "";
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = function () {
      index = window.CATALOG_INDEX;
      haystacks = index.items.map(function (item) {
        var page = index.pages[item[0]];
        return [item[2], item[3], page[1], page[2]].join(" ").toLowerCase();
      });
      show();
    };
    document.body.appendChild(script);
  }
  function show() {
    if (!index) { load(); return; }
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < haystacks.length; i += 1) {
      var text = haystacks[i];
      if (!words.every(function (word) { return text.indexOf(word) >= 0; })) { continue; }
      found += 1;
      if (found > limit) { continue; }
      var item = index.items[i];
      var page = index.pages[item[0]];
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = page[0] + "#" + item[1];
      link.textContent = item[2];
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(" — " + page[1] + " · " + page[2]));
      list.appendChild(entry);
    }
    status.textContent = (status.getAttribute("data-template") || "{found}")
      .replace("{found}", found).replace("{shown}", Math.min(found, limit));
  }
  form.elements.q.addEventListener("focus", load);
  form.addEventListener("input", show);
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  form.hidden = false;
}());
