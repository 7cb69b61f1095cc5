/*
 * The report's publishing status follows the background task without a click. Without this script the status says
 * "waiting" or "in progress" with a link to refresh the page. With it, the page asks the server every few seconds
 * (the same page, read in the background) and, when the publishing has finished or failed, puts the outcome in the
 * status box, which screen readers announce (role="status"), followed by the link to refresh the rest of the page.
 */
(function () {
  "use strict";

  var SECONDS = 5;
  var box = document.querySelector(".publication-request[data-pending]");
  if (!box || !window.fetch || !window.DOMParser) {
    return;
  }
  var refresh = box.querySelector("a");

  function check() {
    window.fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var found = new window.DOMParser().parseFromString(html, "text/html").querySelector(".publication-request");
        if (!found) {
          return;  // not the report's page (e.g. the login page after the session ended): the link to refresh stays
        }
        if (found.hasAttribute("data-pending")) {
          window.setTimeout(check, SECONDS * 1000);
          return;
        }
        box.removeAttribute("data-pending");
        box.className = found.className;
        box.innerHTML = found.innerHTML;
        if (refresh) {
          box.appendChild(document.createTextNode(" "));
          box.appendChild(refresh);
        }
      })
      .catch(function () {
        // Offline or a server error: the link to refresh stays, and the page asks again later.
        window.setTimeout(check, SECONDS * 4 * 1000);
      });
  }

  window.setTimeout(check, SECONDS * 1000);
})();
