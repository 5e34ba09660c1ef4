// A form that comes back with errors: focus moves to the error summary (so screen readers read it and the
// page opens there), and each link in it moves focus into its field, not only the scroll position.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  // Once the page has loaded (and the browser has jumped to the form's "#form-heading", which opens the
  // page there without JavaScript too), focus and show the summary again: the jump may take focus away.
  window.addEventListener("load", function () {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  });
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();
