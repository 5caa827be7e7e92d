// The inspection bundle's progress: poll the small JSON endpoint until the bundle is finished,
// then reload the page (which shows the download link, the SHA-256 and the filing button).
(function () {
  var box = document.querySelector("[data-bundle-status]");
  if (!box) return;
  var url = box.getAttribute("data-bundle-status");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-bundle-label]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (bar) bar.value = data.progress;
        if (label) label.textContent = data.status_label + " · " + data.progress + "%";
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
