// Times are said in the provider's zone (the page names it once). <time datetime="…Z" data-viewer-time> inside an
// element with data-zone gets the same instant in this device's zone beside it, but only where the two read differently,
// so a viewer in Berlin looking at a Berlin provider sees nothing extra. Runs again after htmx swaps.
(function () {
    "use strict";
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;

    function parts(zone, at) {
        return new Intl.DateTimeFormat("en-GB", {
            timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
        }).formatToParts(at).reduce(function (all, p) { all[p.type] = p.value; return all; }, {});
    }

    function convert(root) {
        (root || document).querySelectorAll("time[data-viewer-time]:not([data-viewer-done])").forEach(function (el) {
            el.setAttribute("data-viewer-done", "");
            var holder = el.closest("[data-zone]");
            var zone = holder && holder.getAttribute("data-zone");
            var at = new Date(el.getAttribute("datetime"));
            if (!zone || !mine || zone === mine || isNaN(at.getTime())) {
                return;
            }
            var theirs = parts(zone, at), ours = parts(mine, at);
            if (theirs.hour === ours.hour && theirs.minute === ours.minute && theirs.day === ours.day) {
                return;
            }
            var sameDay = theirs.day === ours.day && theirs.month === ours.month;
            var note = document.createElement("span");
            note.className = "viewer-time";
            // Beside the link or button, not inside it, so its accessible name (which ends with the time) stays whole.
            note.textContent = (sameDay ? "" : ours.weekday + " " + ours.day + " " + ours.month + ", ") + ours.hour + ":" + ours.minute + " your time";
            (el.closest("a, button") || el).insertAdjacentElement("afterend", note);
        });
    }

    convert();
    document.addEventListener("htmx:afterSettle", function (event) { convert(event.target); });
})();
