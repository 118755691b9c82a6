// The certificate's "Print or save as PDF" button (no inline scripts: CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) window.print();
});
