/* Search worker that loads the search index only when someone searches.

   Material for MkDocs 9 starts its search worker on every page load and sends
   it the whole index at once (tens of KB, most visitors never search). Its
   configuration points at this worker instead (theme/main.html, block config):
   ".../workers/search-on-demand.js#search.<hash>.min.js", the fragment naming
   Material's real worker. The page fetches search/search_index.json, which the
   build writes as a stub: the index's config and, in `config.full_index`, the
   site-root-relative URL of the full index (generator/engine/mkdocs_hooks.py).

   Protocol (Material's SearchMessageType): 0 SETUP, 1 READY, 2 QUERY, 3 RESULT.
   SETUP with the stub is answered READY at once, so the search box works; the
   first non-empty QUERY fetches the full index, imports Material's worker in
   this worker (its lunr language scripts resolve next to it, as they would
   for Material's own worker) and hands it SETUP with the full index, then the
   queries, in order. Its READY is swallowed (the page already had one), its
   RESULTs go to the page. */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var nativePost = self.postMessage.bind(self);
  var stub = null;
  var realHandler = null;
  var loading = null;
  var queue = Promise.resolve();

  function siteRoot() {
    return new URL("../../../", self.location.href); // assets/javascripts/workers/ → site root
  }

  function realWorkerUrl() {
    var name = self.location.hash.slice(1);
    if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("no Material search worker named in " + self.location.href);
    return new URL(name, self.location.href).href;
  }

  function loadRealWorker() {
    var add = self.addEventListener;
    self.addEventListener = function (type, listener) {
      if (type === "message") realHandler = listener;
      else add.apply(self, arguments);
    };
    try {
      importScripts(realWorkerUrl());
    } finally {
      self.addEventListener = add;
    }
    self.postMessage = function (message) {
      if (message && message.type === READY) return; // the page had its READY with the stub
      nativePost(message);
    };
  }

  function load() {
    if (!loading) {
      var url = new URL(stub.config.full_index, siteRoot()).href;
      loading = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(url + ": HTTP " + response.status);
          return response.json();
        })
        .then(function (index) {
          loadRealWorker();
          return realHandler({ data: { type: SETUP, data: { config: index.config, docs: index.docs, options: stub.options } } });
        });
    }
    return loading;
  }

  function answer(message) {
    if (!message.data || !String(message.data).trim()) {
      nativePost({ type: RESULT, data: { items: [] } }); // Material asks with "" when the box is mounted
      return Promise.resolve();
    }
    return load().then(function () { return realHandler({ data: message }); });
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      stub = { config: message.data.config, options: message.data.options };
      nativePost({ type: READY });
    } else if (message.type === QUERY) {
      queue = queue.then(function () { return answer(message); }).catch(function (error) {
        console.warn("search unavailable:", error);
        nativePost({ type: RESULT, data: { items: [] } });
      });
    }
  });
})();
