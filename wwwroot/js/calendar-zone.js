// Service calendar: times are said in the provider's zone once ("Times in Berlin time"). When this device is set to
// another zone, one line says so and how far apart the two are, so nobody books an hour off; otherwise nothing shows.
(function () {
    "use strict";

    function offsetMinutes(zone, at) {
        var parts = new Intl.DateTimeFormat("en-US", {
            timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
            hour: "2-digit", minute: "2-digit"
        }).formatToParts(at).reduce(function (all, p) { all[p.type] = Number(p.value); return all; }, {});
        return (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - Math.floor(at.getTime() / 60000) * 60000) / 60000;
    }

    function describe(zoneLine) {
        var zone = zoneLine.dataset.zone;
        var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (!zone || !mine || mine === zone || zoneLine.querySelector(".viewer-zone")) {
            return;
        }
        var now = new Date();
        var diff = Math.round(offsetMinutes(zone, now) - offsetMinutes(mine, now));
        if (diff === 0) {
            return;
        }
        var hours = Math.abs(diff) / 60;
        var amount = (Number.isInteger(hours) ? hours : hours.toFixed(1)) + (hours === 1 ? " hour" : " hours");
        var note = document.createElement("span");
        note.className = "viewer-zone";
        note.textContent = " · your device is on " + mine.split("/").pop().replace(/_/g, " ") + " time, " + amount
            + (diff > 0 ? " behind" : " ahead");
        zoneLine.appendChild(note);
    }

    function run() {
        document.querySelectorAll(".calendar-zone[data-zone]").forEach(describe);
    }

    run();
    document.addEventListener("htmx:afterSettle", run);
})();
