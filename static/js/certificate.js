// A course panel whose certificate is "being prepared" asks every few seconds whether it is
// ready and shows it without a reload. Without this file the panel asks for a refresh instead.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  document.querySelectorAll("[data-certificate-state][data-poll-url]").forEach(function (box) {
    var url = box.getAttribute("data-poll-url");
    var tries = 0;
    function poll() {
      tries += 1;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.ready) { box.outerHTML = data.html; }
          else if (tries < 120) { setTimeout(poll, 4000); }
        })
        .catch(function () { if (tries < 120) { setTimeout(poll, 4000); } });
    }
    setTimeout(poll, 2000);
  });
})();
