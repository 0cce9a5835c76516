/* The web chat: sends and polls with fetch, keeps nothing (no storage, no cookies), and the
   quick exit replaces this page in the history with a neutral one. */
(function () {
  "use strict";
  var exit = document.getElementById("quick-exit");
  var form = document.getElementById("webchat-form");
  var lines = document.getElementById("webchat-lines");

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var target = exit.getAttribute("href") || "about:blank";
    document.title = "";
    document.body.textContent = "";
    try { window.history.replaceState(null, "", "/"); } catch (ignored) { /* best effort */ }
    window.location.replace(target);
  }
  exit.addEventListener("click", quickExit);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { quickExit(event); }
  });
  if (!form || !window.fetch) { return; }

  var busy = false;
  function post(url, data) {
    return window.fetch(url, {
      method: "POST", body: data, credentials: "omit", cache: "no-store",
      headers: {"X-Webchat": "1"}
    }).then(function (response) {
      // 429: over the abuse limit, the lines come with a short notice to show.
      return (response.ok || response.status === 429) ? response.text() : null;
    }).then(function (html) {
      if (html !== null && html !== lines.innerHTML) {
        lines.innerHTML = html;
        lines.scrollIntoView({block: "end"});
      }
    }).catch(function () { /* offline for a moment: the next poll tries again */ });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name === "choice") {
      data.set("choice", event.submitter.value);
    }
    form.elements.text.value = "";
    busy = true;
    post(form.action, data).then(function () { busy = false; });
  });
  window.setInterval(function () {
    if (busy || document.hidden) { return; }
    var data = new FormData();
    data.set("token", form.elements.token.value);
    post(form.dataset.poll, data);
  }, 2000);
}());
