// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", function () {
  var narrow = window.matchMedia("(max-width: 47.99em)");

  // The phone menu: without scripts the Menu link opens it through #main-nav (:target);
  // with them it is a button that says whether the menu is open.
  var toggle = document.querySelector("a.menu-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !nav.classList.contains("is-open");
      nav.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        toggle.click();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // Filter panels start open (usable without scripts); on a phone they fold away unless
  // a filter is in use, so that the results come first.
  if (narrow.matches) {
    document.querySelectorAll("details.filter-panel[data-collapse-narrow]").forEach(function (panel) {
      panel.open = false;
    });
  }

  document.querySelectorAll("a.print-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.print();
    });
  });

  // A form that came back with errors: its summary takes the focus, so that a screen
  // reader hears what to fix first.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
