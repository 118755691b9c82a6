// Tessere's own behaviour; loaded with defer, no inline scripts (CSP).
// After htmx swaps a result list, tell screen-reader users how many results there are.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (!target || !target.matches("[data-results]")) return;
  var status = document.getElementById(target.getAttribute("data-results"));
  var summary = target.querySelector("[data-result-summary]");
  if (status && summary) status.textContent = summary.textContent.trim();
});
