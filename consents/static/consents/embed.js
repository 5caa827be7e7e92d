/* PDP Portal consent capture for a shop's own form (Law 91/2025 Art. 9; Decree 356/2025 Art. 6).
 *
 * <form data-pdp-consent="1" data-pdp-notice-version="3"> ... one checkbox per purpose:
 *   <input type="checkbox" name="pdp-purpose" value="newsletter">  (never pre-ticked: Art. 6(3))
 * <script src="https://portal.example/static/consents/embed.js" defer></script>
 *
 * On submit it writes a hidden field "pdp_consent" (JSON: notice version, one decision per
 * purpose, the time, the browser's user agent). The shop's server adds the visitor's address and
 * sends it to /api/v1/consents/records/ after answering: the portal is never in the page's path,
 * and the property key never reaches the browser.
 */
(function () {
  "use strict";
  function capture(form) {
    var decisions = {};
    form.querySelectorAll('input[name="pdp-purpose"]').forEach(function (box) {
      decisions[box.value] = box.checked ? "given" : "refused";
    });
    var field = form.querySelector('input[name="pdp_consent"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "pdp_consent";
      form.appendChild(field);
    }
    field.value = JSON.stringify({
      notice_version: parseInt(form.getAttribute("data-pdp-notice-version"), 10),
      decisions: decisions,
      collected_at: new Date().toISOString(),
      user_agent: navigator.userAgent,
      language: document.documentElement.lang === "en" ? "en" : "vi"
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-pdp-consent")) capture(form);
  }, true);
})();
