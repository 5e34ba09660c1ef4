// Adds a search box above long select lists marked data-filterable, so people can narrow them by typing.
(function () {
  "use strict";
  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    if (select.options.length < 15) {
      return;
    }
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.id = select.id + "-filter";
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.className = "form-label small d-block mb-0";
    label.htmlFor = input.id;
    label.textContent = (document.documentElement.lang === "en" ? "Search: " : "Søg: ") +
      (select.labels.length ? select.labels[0].textContent.replace("*", "").trim() : "");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = option.value !== "" && needle !== "" && option.text.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
})();
