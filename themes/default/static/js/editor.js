// The editor's Markdown toolbar: progressive enhancement only (the textarea works without
// it). Each button wraps the selection or inserts a block at the caret; the picture list
// inserts an image of the site's media library.
document.addEventListener("DOMContentLoaded", function () {
  var bar = document.querySelector(".md-toolbar");
  var area = document.getElementById("body_markdown");
  if (!bar || !area) return;
  bar.hidden = false;

  function replace(before, inner, after) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || inner;
    var text = before + chosen + after;
    area.setRangeText(text, start, end, "end");
    area.setSelectionRange(start + before.length, start + before.length + chosen.length);
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function block(text) {
    var start = area.selectionStart;
    var lead = start > 0 && area.value[start - 1] !== "\n" ? "\n\n" : "";
    area.setRangeText(lead + text + "\n", start, area.selectionEnd, "end");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // With nothing selected, the button's own label stands in for the text.
  var actions = {
    bold: function (label) { replace("**", label, "**"); },
    heading: function (label) { block("## " + (area.value.slice(area.selectionStart, area.selectionEnd) || label)); },
    link: function (label) { replace("[", label, "](https://)"); },
    list: function () { block("- …\n- …\n- …"); },
    table: function () { block("| … | … |\n|---|---|\n| … | … |"); }
  };
  bar.querySelectorAll("button[data-md]").forEach(function (button) {
    button.addEventListener("click", function () { actions[button.dataset.md](button.textContent.trim()); });
  });
  var image = bar.querySelector("select[data-md=image]");
  if (image) {
    image.addEventListener("change", function () {
      if (image.value) block(image.value);
      image.selectedIndex = 0;
    });
  }
});
