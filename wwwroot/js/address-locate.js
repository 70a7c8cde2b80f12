// "Use my location" in an address form: pins the address to the device's position (hidden lat/lng) instead of the
// city's centre. Without script the button stays hidden and the city places the address.
(function () {
    "use strict";
    document.querySelectorAll("fieldset.address-fields").forEach(function (fieldset) {
        var button = fieldset.querySelector("[data-address-locate]");
        var lat = fieldset.querySelector("[data-address-lat]");
        var lng = fieldset.querySelector("[data-address-lng]");
        var status = fieldset.querySelector("[data-address-status]");
        if (!button || !lat || !lng || !status || !("geolocation" in navigator)) {
            return;
        }
        button.hidden = false;
        var reasons = {
            1: "Location access was refused; we will use the centre of the city.",
            2: "Your location is not available; we will use the centre of the city.",
            3: "Finding your location took too long; we will use the centre of the city."
        };
        button.addEventListener("click", function () {
            button.setAttribute("aria-busy", "true");
            status.textContent = "Finding your location…";
            navigator.geolocation.getCurrentPosition(function (position) {
                button.removeAttribute("aria-busy");
                lat.value = position.coords.latitude.toFixed(5);
                lng.value = position.coords.longitude.toFixed(5);
                status.textContent = "Pinned to your location.";
            }, function (error) {
                button.removeAttribute("aria-busy");
                status.textContent = reasons[error.code] || reasons[2];
            }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 300000 });
        });
    });
})();
