/* Duban: the one small script every page loads (no inline scripts: CSP allows 'self' only). */
(function () {
  "use strict";

  // The language menu submits itself when changed.
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // 打印 buttons.
  document.querySelectorAll("button.printbutton").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // On a phone, every table.grid becomes a stack of cards: label each cell with its column.
  document.querySelectorAll("table.grid").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute("data-label") && heads[i] !== undefined && cell.colSpan === 1) {
          cell.setAttribute("data-label", heads[i]);
        }
      });
    });
  });

  // File hashes are shown shortened; a click copies the full value.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Intranets often serve plain http, where the Clipboard API is missing.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "sr";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(function () {
        button.classList.add("copied");
        window.setTimeout(function () { button.classList.remove("copied"); }, 2000);
      });
    });
  });

  // Destructive actions ask once more before they are sent.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
