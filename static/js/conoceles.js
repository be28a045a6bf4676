/* Progressive enhancements only: every page works without this file. */
(function () {
  "use strict";

  // Print buttons are hidden until there is JavaScript to run them.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Name autocomplete: fills a <datalist> from /buscar/autocompletar/ as the visitor types.
  var counter = 0;
  document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = "sugerencias-" + (++counter);
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < 2 || query === last) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = query;
        fetch("/buscar/autocompletar/?q=" + encodeURIComponent(query), { credentials: "omit" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.name;
              option.label = item.office;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 180);
    });
  });
})();

/* On a phone the filters start folded, so the results come first (chips list those in use). */
(function () {
  "use strict";
  var filters = document.querySelector("details[data-filters]");
  if (filters && window.matchMedia("(max-width: 59.99rem)").matches) {
    filters.open = false;
  }
})();

/* Party colours and the comparison's column count come as data attributes, because the
   Content-Security-Policy refuses inline style attributes; the CSS has neutral defaults. */
(function () {
  "use strict";
  var colour = /^#[0-9a-fA-F]{3,8}$/;
  document.querySelectorAll("[data-org-color]").forEach(function (element) {
    var value = element.getAttribute("data-org-color");
    if (colour.test(value)) { element.style.setProperty("--org-color", value); }
  });
  document.querySelectorAll("[data-columns]").forEach(function (element) {
    var columns = parseInt(element.getAttribute("data-columns"), 10);
    if (columns > 0) { element.style.setProperty("--n", String(columns)); }
  });
})();
