/* The chart page's side of the embed handshake (its other side, and the protocol: the site's
   embed-resize.js, generator/site/static/embed-resize.js): tell the embedding page how tall
   this page's content is, when it asks and whenever that height changes. Only a number is
   sent; nothing from the embedding page is read but the message's type. */
(function () {
  "use strict";
  if (window.parent === window) return;  // not in a frame
  var HELLO = "public-services:embed-hello", HEIGHT = "public-services:embed-height";
  var asked = false, last = 0;

  function height() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }
  function tell(force) {
    var h = height();
    if (!asked || (!force && h === last)) return;
    last = h;
    window.parent.postMessage({ type: HEIGHT, height: h }, "*");  // a height is no secret
  }
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== HELLO) return;
    asked = true;
    tell(true);
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { tell(false); }).observe(document.documentElement);
  } else {
    window.addEventListener("resize", function () { tell(false); });
  }
})();
