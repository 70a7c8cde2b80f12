// Live updates for signed-in pages (CONTRACT.md "Live updates"). Every element with data-live-channel names a hub
// channel; this script subscribes to each once and redraws what the server says changed: booking badges (and the
// booking page's #booking-live region), the open calendar week, and the header's unread count with a toast.
// After a reconnect it subscribes again and re-reads all of that, so nothing missed while offline stays stale.
(() => {
  "use strict";
  // htmx re-runs the body's scripts when it restores a page from its history cache: keep the one connection.
  if (!window.signalR || window.homeserLive) {
    return;
  }
  window.homeserLive = true;

  const script = document.currentScript;
  // { status: [symbol, text] }, from BookingDisplay.StatusLabels, so the words live in one place (the server).
  const statusLabels = JSON.parse(script?.dataset.statusLabels || "{}");
  const subscribed = new Set();
  let leaving = false;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect()
    .configureLogging({
      // Leaving a page aborts its connection mid-start: not an error for anyone to see. Information stays quiet.
      log(level, message) {
        if (leaving || level < signalR.LogLevel.Warning) {
          return;
        }
        (level >= signalR.LogLevel.Error ? console.error : console.warn)(`live: ${message}`);
      },
    })
    .build();

  // Page state for people (the indicator) and for tests: html[data-live] is "connected" once every channel is joined.
  function setState(state) {
    document.documentElement.dataset.live = state;
    const indicator = document.getElementById("live-connection");
    if (indicator) {
      indicator.hidden = state !== "reconnecting";
    }
  }

  async function subscribeAll() {
    if (connection.state !== signalR.HubConnectionState.Connected) {
      return;
    }
    const channels = new Set([...document.querySelectorAll("[data-live-channel]")].map((el) => el.dataset.liveChannel));
    for (const channel of channels) {
      if (subscribed.has(channel)) {
        continue;
      }
      subscribed.add(channel);
      try {
        await connection.invoke("Subscribe", channel);
      } catch (error) {
        // Refused (not this user's) or unknown: leave it marked so it is not asked again on every swap.
        console.warn(`live: could not subscribe to ${channel}`, error);
      }
    }
  }

  // --- bookings -------------------------------------------------------------------------------------------------

  function drawBadge(badge, status) {
    const [symbol, text] = statusLabels[status] ?? ["•", status];
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = symbol;
    badge.className = `status-badge status-${status}`;
    badge.dataset.status = status;
    badge.replaceChildren(icon, ` ${text}`);
  }

  function badgesOf(bookingId) {
    return document.querySelectorAll(`.status-badge[data-booking-id="${CSS.escape(String(bookingId))}"]`);
  }

  // Redraws the booking's badges; on its own page also re-reads the facts and the actions the viewer may take now.
  function showBooking(booking, { always }) {
    let changed = false;
    for (const badge of badgesOf(booking.id)) {
      if (badge.dataset.status !== booking.status) {
        changed = true;
        drawBadge(badge, booking.status);
      }
    }
    const region = document.getElementById("booking-live");
    const onItsPage = document.getElementById("booking-status")?.dataset.bookingId === String(booking.id);
    if (!region || !onItsPage || !(changed || always) || !window.htmx) {
      return;
    }
    if (isBeingEdited(region)) {
      // Never throw away what someone is typing (a cancel reason, a review); tell them instead.
      const text = statusLabels[booking.status]?.[1] ?? booking.status;
      toast(`This booking is now ${text}. Reload to see what you can do next.`);
      return;
    }
    htmx.ajax("GET", location.pathname, { target: "#booking-live", select: "#booking-live", swap: "outerHTML" });
  }

  function isBeingEdited(region) {
    return [...region.querySelectorAll("input, textarea")].some((field) =>
      field.type === "radio" || field.type === "checkbox" ? field.checked !== field.defaultChecked : field.value !== field.defaultValue);
  }

  connection.on("booking.status_updated", (message) => showBooking(message.data, { always: true }));

  // --- availability calendar ------------------------------------------------------------------------------------

  function openCalendars(providerId) {
    const selector = providerId === undefined ? "[data-live-channel^='providers:']" : `[data-live-channel="providers:${providerId}"]`;
    return [...document.querySelectorAll(selector)]
      .map((container) => ({ container, week: container.querySelector("[data-calendar-url]") }))
      .filter(({ week }) => week);
  }

  function refreshCalendar(container, week) {
    if (window.htmx) {
      htmx.ajax("GET", week.dataset.calendarUrl, { target: container, swap: "innerHTML" });
    }
  }

  connection.on("availability.updated", (message) => {
    const dates = message.data?.dates ?? [];
    for (const { container, week } of openCalendars(message.data?.provider)) {
      // ISO dates compare as strings.
      if (dates.some((date) => date >= week.dataset.week && date <= week.dataset.weekEnd)) {
        refreshCalendar(container, week);
      }
    }
  });

  // --- notifications --------------------------------------------------------------------------------------------

  function setUnread(count) {
    const badge = document.getElementById("unread-count");
    if (!badge) {
      return;
    }
    badge.dataset.count = String(count);
    badge.querySelector(".unread-count-number").textContent = String(count);
    badge.hidden = count === 0;
  }

  function toast(text) {
    const region = document.getElementById("live-toasts");
    if (!region || !text) {
      return;
    }
    const item = document.createElement("p");
    item.className = "live-toast";
    item.textContent = text;
    region.append(item);
    setTimeout(() => item.remove(), 8000);
  }

  // The count comes from the server: a push for a notification the page already counted when it loaded (the push
  // can arrive after the page was rendered) must not count it twice.
  async function refreshUnread() {
    if (!document.getElementById("unread-count")) {
      return;
    }
    const response = await fetch("/api/notifications/unread-count/", { headers: { Accept: "application/json" } });
    if (response.ok) {
      setUnread((await response.json()).count);
    }
  }

  connection.on("notification.created", (message) => {
    toast(message.data?.title);
    refreshUnread().catch((error) => console.warn("live: reading the unread count failed", error));
  });

  // --- connection -------------------------------------------------------------------------------------------------

  async function catchUp() {
    const ids = new Set([...document.querySelectorAll(".status-badge[data-booking-id]")].map((b) => b.dataset.bookingId));
    for (const id of ids) {
      const response = await fetch(`/api/bookings/bookings/${encodeURIComponent(id)}/`, { headers: { Accept: "application/json" } });
      if (response.ok) {
        showBooking(await response.json(), { always: false });
      }
    }
    for (const { container, week } of openCalendars()) {
      refreshCalendar(container, week);
    }
    await refreshUnread();
  }

  async function rejoin() {
    subscribed.clear();
    await subscribeAll();
    setState("connected");
    try {
      await catchUp();
    } catch (error) {
      console.warn("live: catching up failed", error);
    }
  }

  async function start(afterLoss) {
    // A retry timer and a page coming back from the cache can both ask; only a stopped connection starts.
    if (connection.state !== signalR.HubConnectionState.Disconnected) {
      return;
    }
    try {
      await connection.start();
    } catch (error) {
      console.warn("live: could not connect, retrying", error);
      // Whatever happened meanwhile is only known after a catch-up, so any retry is treated as a reconnect.
      setState("reconnecting");
      setTimeout(() => start(true), 15000);
      return;
    }
    if (afterLoss) {
      await rejoin();
    } else {
      await subscribeAll();
      setState("connected");
    }
  }

  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(rejoin);
  // The automatic retries gave up (a long outage): keep trying, slowly, and catch up when back.
  connection.onclose(() => {
    if (!leaving) {
      setState("reconnecting");
      setTimeout(() => start(true), 15000);
    }
  });
  window.addEventListener("pagehide", () => {
    leaving = true;
  });
  // Back/forward cache: the page comes back as it was left, so reconnect (if the socket went) and catch up.
  window.addEventListener("pageshow", (event) => {
    leaving = false;
    if (!event.persisted) {
      return;
    }
    if (connection.state === signalR.HubConnectionState.Disconnected) {
      start(true);
    } else {
      catchUp().catch((error) => console.warn("live: catching up failed", error));
    }
  });
  // htmx may bring in new channels (a swapped list or calendar); joining is idempotent per channel.
  document.body.addEventListener("htmx:afterSettle", () => subscribeAll());
  // A week restored from htmx's history cache is a snapshot: fetch it again.
  document.body.addEventListener("htmx:historyRestore", () => {
    for (const { container, week } of openCalendars()) {
      refreshCalendar(container, week);
    }
  });

  start(false);
})();
