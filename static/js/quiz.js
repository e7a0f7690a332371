// Quiz pages: each answer also saves itself when it changes, and the time left counts down.
// Without this file every button still saves on the server before moving on. Saves run one
// at a time, each carrying the sequence the last one returned, so they never refuse each
// other; a button pressed while a save is under way waits for it. Answers travel in the POST
// body only, never in a URL.
(function () {
  "use strict";
  var PAUSE = 1200;

  document.querySelectorAll("form[data-quiz-form]").forEach(function (form) {
    var status = form.querySelector("[data-status]");
    var sequence = form.querySelector("[data-sequence]");
    var timer = null;
    var saving = null; // the promise of the save under way
    var dirty = false;
    var navItem = form.querySelector("[aria-current='step'][data-nav]");

    function show(message, failed) {
      status.textContent = message;
      status.classList.toggle("save-status--error", !!failed);
    }

    function save() {
      clearTimeout(timer);
      if (saving) { dirty = true; return saving; }
      dirty = false;
      var body = new FormData(form);
      body.delete("action");
      saving = fetch(form.getAttribute("data-save-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (result.ok) {
          sequence.value = result.data.sequence;
          if (result.data.message) { show(result.data.message, false); }
          if (navItem) { navItem.classList.toggle("is-answered", !!result.data.answered); }
        } else {
          show(result.data.error, true);
        }
      }).catch(function () {
        show(form.getAttribute("data-offline"), true);
      }).then(function () {
        saving = null;
        if (dirty) { return save(); }
      });
      return saving;
    }

    form.addEventListener("change", function () { save(); });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA" || event.target.type === "text") {
        clearTimeout(timer);
        timer = setTimeout(save, PAUSE);
      }
    });
    // A button pressed mid-save waits for it, then posts with the new sequence; the server
    // saves the answer again on the way, which is harmless.
    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      if (!saving) { return; }
      event.preventDefault();
      var button = event.submitter;
      saving.then(function () {
        if (button && form.requestSubmit) { form.requestSubmit(button); } else { form.submit(); }
      });
    });
  });

  // Time left: the server says how many seconds; at zero, ask the server, which submits.
  document.querySelectorAll("[data-timer]").forEach(function (box) {
    var clock = box.querySelector("[data-timer-clock]");
    var endsAt = Date.now() + 1000 * parseInt(box.getAttribute("data-seconds-left"), 10);

    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      clock.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      if (left === 0) {
        clearInterval(interval);
        window.location.href = box.getAttribute("data-expired-url");
      }
    }
    var interval = setInterval(tick, 1000);
  });
})();
