// Fetch a company from the CVR register in place, on any form whose CVR input names the look-up:
//   data-cvr-lookup="<JSON endpoint, answering ?cvr= (added to a query of its own, e.g. ?group=)>"
//   data-cvr-fields='{"<key of the answer's values>": "<id of the field to fill>", ...}'
//   data-cvr-status="<id of an aria-live region for the result>"
//   data-cvr-units="<id of an element to list the production units in>" (optional; the checkboxes are
//   named by its data-name, default "production_units", and headed by its data-label)
// and whose button data-cvr-button="<id of the CVR input>" submits the form without JS: the server then
// shows the same form filled in. If the endpoint cannot be reached, the button does just that.
(function () {
  "use strict";

  function fill(field, value) {
    if (field.type === "checkbox") {
      field.checked = value === true;
    } else {
      field.value = String(value);
    }
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function listUnits(container, units) {
    var old = document.getElementById("div_id_" + (container.getAttribute("data-name") || "production_units"));
    if (old) {
      old.remove(); // the list a look-up without JS rendered
    }
    container.replaceChildren();
    if (!units.length) {
      return;
    }
    var name = container.getAttribute("data-name") || "production_units";
    var fieldset = document.createElement("fieldset");
    fieldset.className = "mt-3";
    var legend = document.createElement("legend");
    legend.className = "form-label fs-6";
    legend.textContent = container.getAttribute("data-label") || "";
    fieldset.appendChild(legend);
    units.forEach(function (unit, index) {
      var wrapper = document.createElement("div");
      wrapper.className = "form-check";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.name = name;
      box.value = unit.p_number;
      box.id = container.id + "-" + index;
      box.checked = true;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = box.id;
      label.textContent = unit.label;
      wrapper.appendChild(box);
      wrapper.appendChild(label);
      fieldset.appendChild(wrapper);
    });
    container.appendChild(fieldset);
  }

  document.querySelectorAll("[data-cvr-button]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-cvr-button"));
    if (!input || !input.hasAttribute("data-cvr-lookup")) {
      return;
    }
    var fields = JSON.parse(input.getAttribute("data-cvr-fields") || "{}");
    var status = document.getElementById(input.getAttribute("data-cvr-status"));
    var units = document.getElementById(input.getAttribute("data-cvr-units"));
    var fallback = false;
    button.addEventListener("click", function (event) {
      if (fallback) {
        return; // the server does the look-up
      }
      event.preventDefault();
      button.disabled = true;
      var endpoint = input.getAttribute("data-cvr-lookup"); // may carry a query already (?group=)
      var url = endpoint + (endpoint.indexOf("?") === -1 ? "?" : "&") + "cvr=" + encodeURIComponent(input.value);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          Object.keys(answer.values).forEach(function (key) {
            var field = fields[key] && document.getElementById(fields[key]);
            if (field) {
              fill(field, answer.values[key]);
            }
          });
          if (units) {
            listUnits(units, answer.production_units);
          }
          if (status) {
            status.textContent = answer.message;
          }
          button.disabled = false;
        })
        .catch(function () {
          button.disabled = false;
          fallback = true;
          button.form.requestSubmit(button);
        });
    });
  });
})();
