// Pre-select the municipality from a postcode that lies in one municipality only (a hint from the server).
// The server does the same when the form comes back; people can always choose another municipality.
(function () {
  "use strict";
  document.querySelectorAll("input[data-municipality-map]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-municipality-select"));
    if (!select) {
      return;
    }
    var map = JSON.parse(input.getAttribute("data-municipality-map"));
    var chosenByScript = false;
    select.addEventListener("change", function () {
      chosenByScript = false;
    });
    input.addEventListener("input", function () {
      var postcode = input.value.replace(/\s/g, "");
      var municipality = map[postcode];
      if (municipality && (select.value === "" || chosenByScript)) {
        select.value = String(municipality);
        chosenByScript = true;
      }
    });
  });
})();
