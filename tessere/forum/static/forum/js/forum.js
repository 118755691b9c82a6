// The discussions' small enhancement (loaded with defer; no inline scripts, CSP): a person
// chosen in the mention helper is written into the text box as @[Name Surname]. Without
// JavaScript, people type @[Name Surname] themselves (the help text says how).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-mention]");
  if (!button) return;
  var form = button.closest("form");
  var box = form && form.querySelector("textarea[data-mention-target]");
  if (!box) return;
  var text = button.getAttribute("data-mention") + " ";
  var start = box.selectionStart || box.value.length;
  var end = box.selectionEnd || start;
  box.value = box.value.slice(0, start) + text + box.value.slice(end);
  box.focus();
  box.selectionStart = box.selectionEnd = start + text.length;
});
