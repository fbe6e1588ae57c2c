/* Loaded in <head> without defer: applies the remembered large-text mode before
   the page is drawn, so it never flashes small. The toggle itself is in site.js. */
try { if (localStorage.getItem("psc-large-text") === "1") document.documentElement.classList.add("large-text"); } catch (e) { /* storage off */ }
