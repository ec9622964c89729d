/* The top bar's drop-downs (<details class="dropdown">): one open at a time, closed by Escape
   (focus back on its title) or by a click elsewhere. Without this script they still work. */
(function () {
  "use strict";
  function dropdowns() { return document.querySelectorAll("details.dropdown"); }
  function closeAll(except) {
    dropdowns().forEach(function (d) { if (d !== except) { d.removeAttribute("open"); } });
  }
  document.addEventListener("DOMContentLoaded", function () {
    dropdowns().forEach(function (d) {
      d.addEventListener("toggle", function () { if (d.open) { closeAll(d); } });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details.dropdown[open]");
    if (open) { open.removeAttribute("open"); open.querySelector("summary").focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.dropdown")) { closeAll(null); }
  });
})();
