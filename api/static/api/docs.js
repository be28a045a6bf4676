// Starts Swagger UI on the API reference page (no inline script: the site's CSP forbids it).
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    tryItOutEnabled: true,
  });
})();
