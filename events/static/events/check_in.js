/*
 * Check-in that survives a bad connection (the phone at the door). Without this script every "Present" button is
 * a plain form POST. With it, the POST is sent in the background; if the network fails, the check-in waits in
 * localStorage and is sent again when the browser is back online (or the page is opened again). The server's
 * check-in is idempotent, so sending one twice is harmless. Only addresses are stored, never names.
 */
(function () {
  "use strict";

  var KEY = "dialog.events.checkInQueue";
  var status = document.getElementById("check-in-queue");
  if (!status || !window.fetch || !window.FormData || !window.localStorage) {
    return;
  }
  var sending = false;

  function load() {
    try {
      var queue = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch (error) {
      return [];
    }
  }

  function save(queue) {
    if (queue.length) {
      window.localStorage.setItem(KEY, JSON.stringify(queue));
    } else {
      window.localStorage.removeItem(KEY);
    }
    show(queue);
  }

  function show(queue) {
    status.textContent = queue.length ? status.dataset.waiting.replace("{count}", String(queue.length)) : "";
    status.hidden = !queue.length;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function formFor(url) {
    return document.querySelector("form[data-offline-check-in][action='" + url + "']");
  }

  function mark(url, text, level) {
    var form = formFor(url);
    if (!form) {
      return;
    }
    var note = form.querySelector(".check-in-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "check-in-note";
      form.appendChild(note);
    }
    note.textContent = text;
    note.dataset.level = level;
    var button = form.querySelector("button[value=check_in]");
    if (button && level !== "queued") {
      button.hidden = level !== "error";
    }
  }

  // Resolves with the server's answer; rejects when there was none (offline, timeout, an error page, a login page).
  function send(url) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("action", "check_in");
    return window.fetch(url, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if ((response.ok || response.status === 409) && type.indexOf("application/json") === 0) {
        return response.json();
      }
      throw new Error("no answer");
    });
  }

  function enqueue(url) {
    var queue = load();
    if (queue.indexOf(url) === -1) {
      queue.push(url);
    }
    save(queue);
    mark(url, status.dataset.queued, "queued");
  }

  function flush() {
    var queue = load();
    if (sending || !queue.length) {
      show(queue);
      return;
    }
    sending = true;
    var url = queue[0];
    send(url).then(function (answer) {
      save(load().filter(function (item) { return item !== url; }));
      mark(url, answer.message, answer.level);
      sending = false;
      flush();
    }, function () {
      sending = false;  // still offline: try again on the next "online" event or visit
      show(load());
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-check-in]")) {
      return;
    }
    var submitter = event.submitter;
    if (submitter && submitter.value !== "check_in") {
      return;  // "Undo" stays a plain form: it is never queued
    }
    event.preventDefault();
    var url = form.getAttribute("action");
    send(url).then(function (answer) {
      mark(url, answer.message, answer.level);
    }, function () {
      enqueue(url);
    });
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 20000);  // "online" is not fired everywhere when a weak connection comes back
  flush();
}());
