/* /cari/: mounts Pagefind's search interface; the page itself explains what to do without JavaScript. */
(function () {
  "use strict";
  var root = document.querySelector("[data-warta-search]");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  new window.PagefindUI({
    element: "#" + root.id,
    bundlePath: root.getAttribute("data-bundle"),
    // One bundle per year (see plugins/warta_search): the newest is primary, older years are merged in.
    mergeIndex: JSON.parse(root.getAttribute("data-merge") || "[]"),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    autofocus: false
  });
  // Pagefind labels its field with a placeholder only; give it a visible label.
  var input = root.querySelector("input[type=text], input[type=search]");
  if (input) {
    var label = document.createElement("label");
    label.className = "warta-search__label";
    label.htmlFor = input.id = "kata-kunci";
    label.textContent = "Kata kunci";
    root.insertBefore(label, root.firstChild);
  }
}());
