// What every htmx action shows while it runs and when it fails, so nobody clicks twice or waits on nothing:
// the region being replaced is aria-busy (styled dimmed) until the swap, the form's buttons are disabled by the
// forms' own hx-disabled-elt, and a failed request (an error status or no connection) says so in a toast.
(function () {
    "use strict";

    function region() {
        var existing = document.getElementById("action-toasts");
        if (existing) {
            return existing;
        }
        var created = document.createElement("div");
        created.id = "action-toasts";
        created.className = "live-toasts action-toasts";
        created.setAttribute("role", "alert");
        document.body.appendChild(created);
        return created;
    }

    function toast(text) {
        var item = document.createElement("p");
        item.className = "live-toast toast-error";
        item.textContent = text;
        region().appendChild(item);
        setTimeout(function () { item.remove(); }, 8000);
    }

    function target(event) {
        return event.detail.target || event.detail.elt;
    }

    document.addEventListener("htmx:beforeRequest", function (event) {
        var busy = target(event);
        if (busy) {
            busy.setAttribute("aria-busy", "true");
        }
    });

    document.addEventListener("htmx:afterRequest", function (event) {
        var busy = target(event);
        if (busy) {
            busy.removeAttribute("aria-busy");
        }
    });

    document.addEventListener("htmx:responseError", function (event) {
        var status = event.detail.xhr ? event.detail.xhr.status : 0;
        toast(status === 429
            ? "Too many tries in a short time. Wait a moment, then try again."
            : status === 403
                ? "Your account cannot do that."
                : "That did not go through (error " + status + "). Please reload the page and try again.");
    });

    document.addEventListener("htmx:sendError", function () {
        toast("No connection to HomeSer. Check your internet connection and try again.");
    });
})();
