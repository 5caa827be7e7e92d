{% load i18n %}/* {{ organization.name|escapejs }}: privacy centre button (PDP Portal). Law 91/2025 Art. 4; Decree 356/2025 Art. 5(1). */
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = {
    vi: "{% language 'vi' %}{% translate 'Quyền riêng tư và dữ liệu cá nhân của bạn' %}{% endlanguage %}",
    en: "{% language 'en' %}{% translate 'Quyền riêng tư và dữ liệu cá nhân của bạn' %}{% endlanguage %}"
  };
  var lang = ((script && script.getAttribute("data-lang")) || document.documentElement.lang || "vi").slice(0, 2);
  var link = document.createElement("a");
  link.href = {{ url_literal }};
  link.rel = "noopener";
  link.target = "_blank";
  link.className = "pdp-centre-button";
  link.textContent = labels[lang] || labels.vi;
  // Styles through the CSSOM: allowed by a page's CSP without 'unsafe-inline'.
  var style = link.style;
  style.setProperty("display", "inline-block");
  style.setProperty("padding", "8px 14px");
  style.setProperty("border-radius", "6px");
  style.setProperty("background", "#0b5394");
  style.setProperty("color", "#fff");
  style.setProperty("font", "600 14px/1.4 system-ui, sans-serif");
  style.setProperty("text-decoration", "none");
  if (script && script.parentNode) {
    script.parentNode.insertBefore(link, script.nextSibling);
  } else {
    document.body.appendChild(link);
  }
})();
