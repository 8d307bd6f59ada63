/* catalog pages: the search box of the front page, across every item of the site. The index
   is a local script (search-index.js sets window.CATALOG_INDEX), so search works from disk and
   offline; nothing is requested from elsewhere. Entries: [label, domain, issuer, href, text]. */
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  var index = window.CATALOG_INDEX;
  if (!form || !index) { return; }
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var limit = parseInt(form.getAttribute("data-limit") || "50", 10);
  var haystacks = index.map(function (entry) { return entry.join(" ").toLowerCase(); });
  function show() {
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < index.length; i += 1) {
      var text = haystacks[i];
      if (!words.every(function (word) { return text.indexOf(word) >= 0; })) { continue; }
      found += 1;
      if (found > limit) { continue; }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = index[i][3];
      link.textContent = index[i][0];
      item.appendChild(link);
      item.appendChild(document.createTextNode(" — " + index[i][1] + " · " + index[i][2]));
      list.appendChild(item);
    }
    status.textContent = (status.getAttribute("data-template") || "{found}")
      .replace("{found}", found).replace("{shown}", Math.min(found, limit));
  }
  form.addEventListener("input", show);
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  form.hidden = false;
}());
