// The case list, enhanced: results follow the search box as people type, and a "select every
// case on this page" box for bulk actions. Without this script the form works as it is
// (submit to search; tick cases one by one). No inline script: the CSP allows this file only.
(function () {
  "use strict";
  var PAUSE_MS = 250;
  var form = document.getElementById("case-filters");
  var results = document.getElementById("case-results");
  if (!form || !results) return;

  function wireSelectAll() {
    var all = document.getElementById("select-page");
    if (!all) return;
    all.hidden = false;
    all.addEventListener("change", function () {
      var boxes = results.querySelectorAll('input[name="bulk-cases"]');
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
    });
  }

  var timer = null;
  var latest = 0;
  function refresh() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = form.getAttribute("action") + (query ? "?" + query : "");
    var ticket = ++latest;
    fetch(url, {
      headers: { "X-Casework-Results": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (ticket !== latest) return; // an older answer arriving after a newer one
        results.innerHTML = html;
        window.history.replaceState(null, "", url);
        // "Save these filters" saves what the list now shows.
        var saved = document.querySelector('.save-filter input[name="query"]');
        if (saved) saved.value = query;
        wireSelectAll();
      })
      .catch(function () {
        /* the search button still works */
      });
  }

  var box = form.querySelector('input[name="q"]');
  if (box) {
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, PAUSE_MS);
    });
  }
  wireSelectAll();
})();
