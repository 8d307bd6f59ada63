// catalog serve: files dropped anywhere on the drop zone go into the file field, and the
// chosen names are listed. Without this script the field itself still works.
(function () {
  "use strict";
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");
  if (!zone || !input || !chosen) { return; }
  var prefix = document.documentElement.lang === "en" ? "Chosen: " : "已选择：";
  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) { names.push(input.files[i].name); }
    chosen.textContent = names.length ? prefix + names.join("、") : "";
  }
  input.addEventListener("change", show);
  zone.addEventListener("dragover", function (event) {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
}());
