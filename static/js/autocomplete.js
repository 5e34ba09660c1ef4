// Long choice lists (partnerships/widgets.py): a combobox that asks the server as you type (the ARIA
// combobox pattern with a listbox popup), and contact persons that follow the chosen school and company.
// Without JavaScript the page keeps its search field, Find button and short select.
(function () {
  "use strict";
  var english = document.documentElement.lang === "en";
  var text = {
    none: english ? "No matches" : "Ingen resultater",
    one: english ? "1 match" : "1 resultat",
    many: english ? " matches" : " resultater",
    hint: english ? "Type to search, then choose with the arrow keys and Enter."
                  : "Skriv for at søge, og vælg med piletasterne og Enter."
  };

  function request(url, params, done) {
    var query = Object.keys(params).filter(function (key) { return params[key]; }).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url + "?" + query);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status === 200) {
        done(JSON.parse(xhr.responseText).results);
      }
    };
    xhr.send();
  }

  // The no-JavaScript search field and Find button go out of sight; the button also out of the form, so
  // Enter in a text field sends the form's own first button (save), not a search.
  function hideFallback(box) {
    Array.prototype.forEach.call(box.querySelectorAll(".search-select-fallback"), function (part) {
      part.hidden = true;
      Array.prototype.forEach.call(part.querySelectorAll("[type=submit]"), function (button) {
        button.remove();
      });
    });
  }

  function combobox(box) {
    var select = document.getElementById(box.getAttribute("data-for"));
    var url = box.getAttribute("data-url");
    var id = select.id + "-combobox";
    var chosen = select.options[select.selectedIndex];
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "form-control";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-listbox");
    input.setAttribute("aria-describedby", id + "-hint");
    if (select.required || select.hasAttribute("aria-required")) {
      input.setAttribute("aria-required", "true");
    }
    if (select.getAttribute("aria-invalid")) {
      input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
    }
    input.value = chosen && chosen.value ? chosen.text : "";
    var list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "list-group search-select-listbox";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var hint = document.createElement("p");
    hint.id = id + "-hint";
    hint.className = "form-text mb-0";
    hint.textContent = text.hint;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    hideFallback(box);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    Array.prototype.forEach.call(select.labels, function (label) { label.htmlFor = id; });
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(hint);
    box.appendChild(status);

    var results = [];
    var active = -1;
    var timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.children;
      if (active >= 0 && items[active]) {
        items[active].classList.remove("active");
        items[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (index >= 0 && items[index]) {
        items[index].classList.add("active");
        items[index].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(result) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(result.id); });
      if (!option) {
        option = new Option(result.label, result.id);
        select.appendChild(option);
      }
      select.value = String(result.id);
      input.value = result.label;
      close();
      select.dispatchEvent(new Event("change"));
    }

    function show(found) {
      results = found;
      list.textContent = "";
      found.forEach(function (result, index) {
        var item = document.createElement("li");
        item.id = id + "-option-" + index;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = result.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(result); });
        list.appendChild(item);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      status.textContent = found.length === 0 ? text.none : found.length === 1 ? text.one : found.length + text.many;
      active = -1;
    }

    function search() {
      request(url, {q: input.value.trim(), keep: select.getAttribute("data-keep")}, show);
    }

    input.addEventListener("input", function () {
      if (input.value.trim() === "" && select.value !== "") {
        select.value = "";
        select.dispatchEvent(new Event("change"));
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) {
          search();
        } else {
          highlight(Math.min(active + 1, results.length - 1));
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(results[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  // Contact persons: the options become those of the chosen school and company (chosen ones stay).
  function follower(select) {
    var sources = select.getAttribute("data-follows").split(" ").map(function (id) {
      return document.getElementById(id);
    });
    if (sources.indexOf(null) !== -1) {
      return;
    }
    function refresh() {
      request(select.getAttribute("data-choices-url"), {
        school: sources[0].value, company: sources[1].value, keep: select.getAttribute("data-keep")
      }, function (found) {
        Array.prototype.slice.call(select.options).forEach(function (option) {
          if (!option.selected) {
            option.remove();
          }
        });
        found.forEach(function (result) {
          var known = Array.prototype.some.call(select.options, function (o) { return o.value === String(result.id); });
          if (!known) {
            select.appendChild(new Option(result.label, result.id));
          }
        });
      });
    }
    sources.forEach(function (source) { source.addEventListener("change", refresh); });
    if (select.closest(".search-select")) {
      hideFallback(select.closest(".search-select"));
    }
  }

  document.querySelectorAll("[data-search-select]").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("data-for"));
    if (select && !select.multiple) {
      combobox(box);
    }
  });
  document.querySelectorAll("select[data-follows]").forEach(follower);
})();
