// Counts a held waitlist offer down to the second from the deadline in its datetime attribute; when it runs out the
// claim button is disabled, since the server passes the time on to the next customer.
(function () {
    "use strict";

    function pad(n) {
        return n < 10 ? "0" + n : String(n);
    }

    function tick() {
        document.querySelectorAll("time[data-hold-countdown]").forEach(function (time) {
            var left = Date.parse(time.getAttribute("datetime")) - Date.now();
            var text;
            if (left <= 0) {
                text = "no time: the offer has expired";
                var form = time.closest(".waitlist-offer");
                var button = form && form.querySelector("button[data-hold-claim]");
                if (button) {
                    button.disabled = true;
                }
            } else {
                var seconds = Math.ceil(left / 1000);
                text = Math.floor(seconds / 60) + ":" + pad(seconds % 60) + " min";
            }
            if (time.textContent !== text) {
                time.textContent = text;
            }
        });
    }

    tick();
    setInterval(tick, 1000);
})();
