/* Live countdown of the statutory clocks: the due instant comes from the server (clock rules).
   The words come translated from the server, the day word in both plural forms (1 / more). */
(function (words) {
  var left = words.left, over = words.over;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) return;
      var ms = due + 1000 - now, late = ms <= 0, s = Math.floor(Math.abs(ms) / 1000);
      var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
      el.textContent = (late ? over + " " : left + " ") + (d ? d + " " + (d === 1 ? words.dayOne : words.dayOther) + " " : "") + pad(h) + ":" + pad(m) + ":" + pad(sec);
      el.classList.toggle("danger", late);
      el.classList.toggle("warn", !late && s < 12 * 3600);
    });
  }
  tick(); setInterval(tick, 1000);
})(document.currentScript.dataset);
