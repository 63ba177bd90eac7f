// Direct-to-storage uploads from the browser: the Reflex app hands over a presigned POST
// ticket; the file goes straight to its URL with live progress, and never through the app.
(function () {
  let chosen = null;
  let request = null;

  function el(id) {
    return document.getElementById(id);
  }

  function finish(result) {
    request = null;
    window.__valvidUploadResult = result;
    const done = el("upload-finished");
    if (done) done.click();
  }

  function show(percent, text) {
    const bar = el("upload-progress-bar");
    const label = el("upload-progress-text");
    if (bar) bar.style.width = percent + "%";
    const meter = el("upload-progress");
    if (meter) meter.setAttribute("aria-valuenow", String(percent));
    if (label) label.textContent = text;
  }

  function describe(file) {
    return file ? { name: file.name, size: file.size, type: file.type || "" } : {};
  }

  // The file picked in the input, or dropped on the drop zone.
  window.valvidChosenFile = function (inputId) {
    const input = el(inputId);
    if (input && input.files && input.files.length) chosen = input.files[0];
    return describe(chosen);
  };

  window.valvidUpload = function (ticket) {
    if (!chosen) return finish({ status: 0, message: "Choose a file first." });
    const form = new FormData();
    Object.entries(ticket.fields).forEach(([k, v]) => form.append(k, v));
    form.append("file", chosen);
    const started = performance.now();
    const xhr = new XMLHttpRequest();
    request = xhr;
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((100 * e.loaded) / e.total);
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      const mbps = (e.loaded / seconds / 1e6).toFixed(1);
      show(percent, `${percent}% · ${mbps} MB/s`);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) show(100, "100% · done");
      finish({ status: xhr.status, body: xhr.responseText });
    };
    xhr.onerror = () => finish({ status: 0, message: "The connection broke off; try again." });
    xhr.onabort = () => finish({ status: 0, message: "Upload cancelled." });
    show(0, "0%");
    xhr.open("POST", ticket.url);
    xhr.send(form);
    return true;
  };

  window.valvidCancelUpload = function () {
    if (request) request.abort();
  };

  // Drag and drop onto any element with id "drop-zone".
  document.addEventListener("dragover", (e) => {
    if (e.target.closest && e.target.closest("#drop-zone")) e.preventDefault();
  });
  document.addEventListener("drop", (e) => {
    const zone = e.target.closest && e.target.closest("#drop-zone");
    if (!zone || !e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    chosen = e.dataTransfer.files[0];
    const picked = el("file-dropped");
    if (picked) picked.click();
  });
})();
