/* Loaded in <head> without defer: applies the remembered large-text mode before
   the page is drawn, so it never flashes small. The toggle itself is in site.js.
   Only "1" means on; any other stored value is forgotten. */
(function () {
  try {
    var value = localStorage.getItem("psc-large-text");
    if (value === "1") document.documentElement.classList.add("large-text");
    else if (value !== null) localStorage.removeItem("psc-large-text");
  } catch (e) { /* storage off */ }
})();
