// Reflections save themselves a moment after the trainee stops typing. Without this file the
// same forms post normally. The text goes in the POST body only, never in a URL.
(function () {
  "use strict";
  var PAUSE = 1500;
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var text = form.querySelector("textarea");
    var status = form.querySelector("[data-status]");
    var timer = null;
    var sent = text.value;

    function show(message, failed) {
      status.textContent = message;
      status.classList.toggle("save-status--error", !!failed);
      if (failed) { text.setAttribute("aria-invalid", "true"); } else { text.removeAttribute("aria-invalid"); }
    }

    function save(force) {
      clearTimeout(timer);
      if (!force && (!text.value.trim() || text.value === sent)) { return; }
      var body = new FormData(form);
      var value = text.value;
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (result.ok) { sent = value; show(result.data.message, false); }
        else { show(result.data.error, true); }
      }).catch(function () {
        show(form.getAttribute("data-offline"), true);
      });
    }

    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, PAUSE);
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") { save(true); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(true);
    });
  });
})();
