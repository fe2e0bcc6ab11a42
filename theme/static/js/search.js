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
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    autofocus: false
  });
}());
