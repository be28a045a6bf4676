// "Estatus del grado" does not apply to "Sin estudios": hide it (and clear it) in the editor.
(function () {
  "use strict";
  var NONE = "sin_estudios";

  function wrapperOf(field) {
    return field.closest("[data-field-wrapper]") || field.closest(".w-field__wrapper") || field.parentElement;
  }

  function sync(level, status) {
    var hidden = level.value === NONE;
    wrapperOf(status).hidden = hidden;
    if (hidden) {
      status.value = "";
    }
  }

  function init() {
    var level = document.querySelector("select[name='education_level']");
    var status = document.querySelector("select[name='education_status']");
    if (!level || !status) {
      return;
    }
    sync(level, status);
    level.addEventListener("change", function () {
      sync(level, status);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
