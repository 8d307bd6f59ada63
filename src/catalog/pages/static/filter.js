/* catalog pages: filters for the item tables. The page is complete without this script; it
   only shows the filter form and hides rows that do not match. No request is made. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.filters");
  Array.prototype.forEach.call(forms, function (form) {
    var scope = document.getElementById(form.getAttribute("data-table")) || document;
    var rows = Array.prototype.slice.call(scope.querySelectorAll("tr.item"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll("tbody.group"));
    var status = form.querySelector(".filter-status");
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    function values(row, name) {
      var text = row.getAttribute("data-" + name) || "";
      return text ? text.split("|") : [];
    }
    function apply() {
      var wanted = {};
      ["category", "mode", "audience", "channel"].forEach(function (name) {
        var field = form.elements[name];
        wanted[name] = field ? field.value : "";
      });
      var words = (form.elements.q ? form.elements.q.value : "").toLowerCase().split(/\s+/)
        .filter(function (word) { return word; });
      var shown = 0;
      rows.forEach(function (row, index) {
        var ok = ["category", "mode", "audience", "channel"].every(function (name) {
          return !wanted[name] || values(row, name).indexOf(wanted[name]) >= 0;
        }) && words.every(function (word) { return texts[index].indexOf(word) >= 0; });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("tr.item:not([hidden])");
      });
      if (status) {
        status.textContent = (status.getAttribute("data-template") || "{shown}/{total}")
          .replace("{shown}", shown).replace("{total}", rows.length);
      }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    var box = form.querySelector("details");
    if (box && window.matchMedia && window.matchMedia("(min-width: 60rem)").matches) {
      box.open = true;  // wide screens show the filters; phones keep them folded above the table
    }
    form.hidden = false;
  });
}());
