// The countdown on an exam paper. The server sends the seconds left by its own clock (the
// deadline it enforces); at zero the page reloads and the server hands the paper in.
const clock = document.querySelector("[data-countdown]");

function pad(n) {
  return String(n).padStart(2, "0");
}

if (clock) {
  const end = Date.now() + Number(clock.dataset.countdown) * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    clock.textContent = `${pad(Math.floor(left / 3600))}:${pad(Math.floor(left / 60) % 60)}:${pad(left % 60)}`;
    if (left === 0) {
      window.location.reload();
      return;
    }
    window.setTimeout(tick, 1000);
  };
  tick();
}

