// mkdocs-material's inline script after the content (partials/javascripts/content.html,
// 9.8.1) as a file, for the CSP's script-src 'self': opens the content tab a link points to.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
