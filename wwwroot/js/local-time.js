// <time datetime="…Z" data-local-time> is rendered in UTC by the server, which does not know the reader's zone;
// here it is said in the zone this device is set to ("Tue 1 Dec 2026, 10:00"), also after htmx swaps.
(function () {
    "use strict";
    var format = new Intl.DateTimeFormat("en-GB", {
        weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    });

    function localise(root) {
        (root || document).querySelectorAll("time[data-local-time]:not([data-localised])").forEach(function (el) {
            var at = new Date(el.getAttribute("datetime"));
            if (isNaN(at.getTime())) {
                return;
            }
            var p = format.formatToParts(at).reduce(function (all, part) { all[part.type] = part.value; return all; }, {});
            el.textContent = p.weekday + " " + p.day + " " + p.month + " " + p.year + ", " + p.hour + ":" + p.minute;
            el.title = "Your time (" + Intl.DateTimeFormat().resolvedOptions().timeZone + ")";
            el.setAttribute("data-localised", "");
        });
    }

    localise();
    document.addEventListener("htmx:afterSettle", function (event) { localise(event.target); });
})();
