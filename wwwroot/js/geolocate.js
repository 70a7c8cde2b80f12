// "Use my location" on /Search: asks the browser for the device position, puts it in the hidden lat/lng fields and
// searches. Without script the button stays hidden and the typed place works as before; a refusal or a missing
// position is said next to the field, and the typed place still works.
(function () {
    "use strict";
    var button = document.getElementById("use-my-location");
    var lat = document.getElementById("search-lat");
    var lng = document.getElementById("search-lng");
    var place = document.getElementById("search-location");
    var status = document.getElementById("geo-status");
    if (!button || !lat || !lng || !place || !status) {
        return;
    }
    var form = button.form;
    button.hidden = false;

    function say(text) {
        status.textContent = text;
    }

    function useCoordinates(latitude, longitude) {
        lat.value = latitude === null ? "" : latitude.toFixed(4);
        lng.value = longitude === null ? "" : longitude.toFixed(4);
        lat.disabled = lng.disabled = latitude === null;
    }

    // Typing a place means "search there", not "near me".
    place.addEventListener("input", function () {
        if (!lat.disabled) {
            useCoordinates(null, null);
            say("");
        }
    });

    var reasons = {
        1: "Location access was refused. Type a city instead.",
        2: "Your location is not available right now. Type a city instead.",
        3: "Finding your location took too long. Type a city instead."
    };

    button.addEventListener("click", function () {
        if (!("geolocation" in navigator)) {
            say("This browser cannot share your location. Type a city instead.");
            return;
        }
        button.setAttribute("aria-busy", "true");
        say("Finding your location…");
        navigator.geolocation.getCurrentPosition(function (position) {
            button.removeAttribute("aria-busy");
            useCoordinates(position.coords.latitude, position.coords.longitude);
            place.value = "";
            say("Searching near your location.");
            form.requestSubmit();
        }, function (error) {
            button.removeAttribute("aria-busy");
            useCoordinates(null, null);
            say(reasons[error.code] || reasons[2]);
        }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });
})();
