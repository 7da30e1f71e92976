// Progressive enhancement: an element with data-poll replaces itself with the HTML at that URL
// every second until the server's fragment no longer carries data-poll. Without JS the page has
// a "refresh" link and a <noscript> meta refresh.
(function () {
  function tick(el) {
    var url = el.getAttribute("data-poll");
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var box = document.createElement("div");
        box.innerHTML = html.trim();
        var fresh = box.firstElementChild;
        if (!fresh) return;
        el.replaceWith(fresh);
        if (fresh.hasAttribute("data-poll")) setTimeout(function () { tick(fresh); }, 1000);
      })
      .catch(function () { setTimeout(function () { tick(el); }, 3000); });
  }
  document.querySelectorAll("[data-poll]").forEach(function (el) { setTimeout(function () { tick(el); }, 1000); });
})();
