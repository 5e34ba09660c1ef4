// The idle timeout: a warning with a "stay logged in" button before the session runs out, and after a
// login, the form that was sent too late filled in again from the kept draft (see brasite/lib/drafts.py).
(function () {
  "use strict";

  function restoreDraft() {
    var blob = document.getElementById("restored-draft");
    if (!blob) {
      return;
    }
    var data = JSON.parse(blob.textContent);
    var forms = document.querySelectorAll("main form[method=post]");
    var form = null;
    forms.forEach(function (candidate) {
      if (!form && Object.keys(data).some(function (name) { return candidate.elements[name]; })) {
        form = candidate;
      }
    });
    if (!form) {
      return;
    }
    Array.prototype.forEach.call(form.elements, function (field) {
      var values = data[field.name];
      if (!values || field.type === "file" || field.name === "csrfmiddlewaretoken") {
        if (values === undefined && (field.type === "checkbox") && field.name) {
          field.checked = false; // an unticked box is not sent at all
        }
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else {
        field.value = values[0];
      }
    });
  }

  function watchIdleTimeout() {
    var box = document.getElementById("session-warning");
    if (!box) {
      return;
    }
    var text = document.getElementById("session-warning-text");
    var form = box.querySelector("form");
    var seconds = parseInt(box.dataset.seconds, 10);
    var warnSeconds = parseInt(box.dataset.warnSeconds, 10);
    var warnTimer = null;
    var expiryTimer = null;

    function show(message) {
      box.hidden = false;
      text.textContent = message;
    }

    function start() {
      clearTimeout(warnTimer);
      clearTimeout(expiryTimer);
      warnTimer = setTimeout(function () {
        show(text.dataset.message);
        form.querySelector("button").focus();
      }, (seconds - warnSeconds) * 1000);
      expiryTimer = setTimeout(function () {
        form.hidden = true;
        show(box.dataset.expired);
      }, seconds * 1000);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Keepalive": "1" },
      }).then(function (response) {
        if (response.status === 204) {
          box.hidden = true;
          text.textContent = "";
          start();
        } else {
          form.hidden = true;
          show(box.dataset.expired);
        }
      });
    });
    start();
  }

  restoreDraft();
  watchIdleTimeout();
})();
