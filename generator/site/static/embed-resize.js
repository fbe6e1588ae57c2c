/* Public service standards: fit embedded charts to their content.
 *
 * For pages that embed a chart of this site with the <iframe> snippet the site offers: this
 * script (served by the site, at a fixed address) makes each such frame exactly as tall as the
 * chart page's content, at any width, so that nothing (the summary, the source line) is cut off.
 * Without it the frame keeps the snippet's fixed height.
 *
 * The handshake (postMessage; the chart page's side is assets/javascripts/embed-size.js):
 *   1. this script sends {type: "public-services:embed-hello"} to every frame whose address
 *      starts with this script's own origin (the frame may have loaded first);
 *   2. the chart page answers, and tells again whenever its content's height changes:
 *      {type: "public-services:embed-height", height: <CSS pixels>};
 *   3. this script accepts a height only from this script's origin, only from one of those
 *      frames' windows, only a whole number from 50 to 5000, and sets that frame's height.
 * Nothing else is read or written: the messages carry one number.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.postMessage) return;
  var origin = new URL(script.src, location.href).origin;
  var HELLO = "public-services:embed-hello", HEIGHT = "public-services:embed-height";

  function frames() {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), function (frame) {
      try { return new URL(frame.src, location.href).origin === origin; } catch (e) { return false; }
    });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || event.data.type !== HEIGHT) return;
    var height = event.data.height;
    if (typeof height !== "number" || height !== Math.round(height) || height < 50 || height > 5000) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = height + "px";
    });
  });

  function hello() {
    frames().forEach(function (frame) {
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: HELLO }, origin);
    });
  }
  hello();
  // Frames added or reloaded later (and frames still loading now) say hello again on load.
  document.addEventListener("load", function (event) {
    if (event.target && event.target.tagName === "IFRAME") hello();
  }, true);
})();
