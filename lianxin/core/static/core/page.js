// Small behaviours that pages used to write inline (the Content-Security-Policy forbids it):
//   data-autosubmit            a select or checkbox that submits its form when changed
//   data-width="42"            an element (a progress bar) 42 % wide
//   data-remove-after-request  an htmx trigger that removes itself once its request is done
(function () {
  "use strict";

  function applyWidths(root) {
    var elements = root.querySelectorAll ? Array.prototype.slice.call(root.querySelectorAll("[data-width]")) : [];
    if (root.hasAttribute && root.hasAttribute("data-width")) { elements.push(root); }
    elements.forEach(function (el) {
      var value = parseFloat(el.getAttribute("data-width"));
      if (!isNaN(value)) { el.style.width = Math.max(0, Math.min(100, value)) + "%"; }
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var el = event.detail && event.detail.elt;
    if (el && el.hasAttribute && el.hasAttribute("data-remove-after-request")) { el.remove(); }
  });

  document.addEventListener("htmx:load", function (event) { applyWidths(event.target); });
  document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
})();
