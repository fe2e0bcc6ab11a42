/* Release page: a "Salin teks" button for the WhatsApp text; without JavaScript the text stays selectable. */
(function () {
  "use strict";
  var text = document.querySelector("[data-warta-copy]");
  if (!text || !navigator.clipboard) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "warta-button";
  button.textContent = "Salin teks";
  var status = document.createElement("p");
  status.className = "warta-wa__status";
  status.setAttribute("role", "status");
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(text.textContent).then(function () {
      status.textContent = "Teks tersalin. Tempel di grup WhatsApp.";
    }, function () {
      status.textContent = "Gagal menyalin. Pilih teksnya lalu salin secara manual.";
    });
  });
  text.insertAdjacentElement("afterend", status);
  text.insertAdjacentElement("afterend", button);
}());
