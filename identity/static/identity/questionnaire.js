// Show a conditional item only when the item it depends on is answered "Sí".
// Without JavaScript every item is shown, and the server blanks those that do not apply.
(function () {
  "use strict";
  function valueOf(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) return checked.value;
    var select = form.querySelector('select[name="' + name + '"]');
    return select ? select.value : "";
  }
  function update(form) {
    form.querySelectorAll("[data-depends-on]").forEach(function (fieldset) {
      var applies = valueOf(form, fieldset.dataset.dependsOn) === "Sí";
      fieldset.hidden = !applies;
      fieldset.querySelectorAll("input, select").forEach(function (input) {
        input.disabled = !applies || input.hasAttribute("data-always-disabled");
      });
    });
  }
  document.querySelectorAll("form.identity-questionnaire").forEach(function (form) {
    form.querySelectorAll("input[disabled], select[disabled]").forEach(function (input) {
      input.setAttribute("data-always-disabled", "");
    });
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
