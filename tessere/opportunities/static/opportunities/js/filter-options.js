// A text box above each long list (<select data-filterable>) that hides the options that do
// not match what is typed. Without JavaScript the list works as it is. Loaded with defer; no
// inline script or style (CSP): options are hidden with the `hidden` attribute.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control opportunity-filter-input";
    input.id = select.id + "-filter";
    input.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.setAttribute("for", input.id);
    label.className = "visually-hidden";
    label.textContent = (select.dataset.filterLabel || "Filter") + ": " + (select.labels[0] ? select.labels[0].textContent.trim() : "");
    input.placeholder = select.dataset.filterPlaceholder || "";
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      select.querySelectorAll("optgroup").forEach(function (group) {
        var groupMatches = wanted && fold(group.label).indexOf(wanted) !== -1;
        var any = false;
        group.querySelectorAll("option").forEach(function (option) {
          var show = !wanted || groupMatches || option.selected || fold(option.textContent).indexOf(wanted) !== -1;
          option.hidden = !show;
          any = any || show;
        });
        group.hidden = !any;
      });
    });
  });
})();
