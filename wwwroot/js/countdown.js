// Keeps "expires in 1 h 20 min" on pending requests current. The server renders the text from its own clock; this
// only counts down from the deadline in the datetime attribute, each half minute, the same way Display.TimeLeft words it.
(function () {
    "use strict";

    function words(ms) {
        var minutes = Math.ceil(ms / 60000);
        if (minutes <= 1) {
            return "under a minute";
        }
        var hours = Math.floor(minutes / 60);
        var rest = minutes % 60;
        return hours === 0 ? rest + " min" : rest === 0 ? hours + " h" : hours + " h " + rest + " min";
    }

    function tick() {
        document.querySelectorAll("time[data-countdown]").forEach(function (time) {
            var left = Date.parse(time.getAttribute("datetime")) - Date.now();
            var text = words(left);
            if (time.textContent !== text) {
                time.textContent = text;
            }
        });
    }

    // Rows swapped in by htmx carry their own server-rendered text; the next tick takes them over.
    setInterval(tick, 30000);
})();
