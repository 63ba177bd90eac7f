// Resumable uploads for the whole tab: S3 multipart through Uppy, driven by Valvid's upload API.
// It lives at module level, so an upload goes on while the creator moves between pages.
import Uppy from "@uppy/core";
import AwsS3 from "@uppy/aws-s3";
import env from "$/env.json";
import { getBackendURL } from "$/utils/state";

const PARALLEL_PARTS = 4;
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000];
const URL_BATCH = 8;
const URL_FRESH_MS = 60_000;
const SPEED_WINDOW_MS = 5_000;
const ACTIVE = new Set(["starting", "uploading", "paused", "offline"]);
const MEMORY_PREFIX = "valvid-upload:";

const uploads = new Map(); // videoId -> the upload's record, replaced (never mutated) on change
const chosen = new Map(); // videoId -> the File picked, waiting for the page's go-ahead
const runs = new Map(); // videoId -> { uppy, fileId, session, cancelled }
const listeners = new Set();
let snapshot = [];

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSnapshot() {
  return snapshot;
}

export function isActive(upload) {
  return Boolean(upload) && ACTIVE.has(upload.state);
}

function update(videoId, changes) {
  const upload = { ...(uploads.get(videoId) || { videoId }), ...changes };
  uploads.set(videoId, upload);
  snapshot = [...uploads.values()];
  listeners.forEach((listener) => listener());
  return upload;
}

function token() {
  const raw = localStorage.getItem("valvid_token") || "";
  return raw.startsWith('"') ? JSON.parse(raw) : raw;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.source = { status };
  }
}

function online() {
  if (navigator.onLine !== false) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener("online", resolve, { once: true }));
}

async function api(method, path, body, signal) {
  for (;;) {
    await online();
    let response;
    try {
      response = await fetch(new URL(path, getBackendURL(env.PING)), {
        method,
        signal,
        headers: {
          Authorization: `Bearer ${token()}`,
          ...(body ? { "Content-Type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      if (navigator.onLine === false) continue; // the network dropped: go on once it is back
      throw error;
    }
    if (response.ok) return response.status === 204 ? null : response.json();
    const payload = await response.json().catch(() => ({}));
    throw new ApiError(response.status, payload.message || `The server answered ${response.status}.`);
  }
}

// Which upload a picked file continues: per video, file name, size and modification time.
function memoryKey(videoId, file) {
  return `${MEMORY_PREFIX}${videoId}:${file.name}:${file.size}:${file.lastModified}`;
}

function remembered(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

async function openSession(videoId, file) {
  const base = `/api/creators/videos/${encodeURIComponent(videoId)}/uploads`;
  const memory = memoryKey(videoId, file);
  const earlier = remembered(memory);
  if (earlier) {
    try {
      const parts = await api("GET", `${base}/${earlier.uploadId}/parts`);
      return { ...earlier, base, memory, resumedBytes: parts.reduce((n, p) => n + p.size, 0) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.source.status >= 500) throw error;
      localStorage.removeItem(memory); // gone, superseded or not ours: start afresh
    }
  }
  const created = await api("POST", base, {
    filename: file.name,
    content_type: file.type,
    size: file.size,
  });
  const session = { uploadId: created.upload_id, key: created.key, partSize: created.part_size };
  localStorage.setItem(memory, JSON.stringify(session));
  return { ...session, base, memory, resumedBytes: 0 };
}

// Presigned part URLs, asked for a few at a time and each used once.
function partUrls(session, partCount) {
  const ready = new Map(); // part number -> { url, at }
  const pending = new Map(); // part number -> promise of the batch that brings it
  async function fetchBatch(first, signal) {
    const numbers = [];
    for (let n = first; n <= partCount && numbers.length < URL_BATCH; n++) {
      if (!pending.has(n)) numbers.push(n);
    }
    const batch = api("POST", `${session.base}/${session.uploadId}/parts`, { part_numbers: numbers }, signal);
    numbers.forEach((n) => pending.set(n, batch));
    try {
      const { urls } = await batch;
      Object.entries(urls).forEach(([n, url]) => ready.set(Number(n), { url, at: Date.now() }));
    } finally {
      numbers.forEach((n) => pending.get(n) === batch && pending.delete(n));
    }
  }
  return async function urlFor(partNumber, signal) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const cached = ready.get(partNumber);
      ready.delete(partNumber);
      if (cached && Date.now() - cached.at < URL_FRESH_MS) return cached.url;
      if (pending.has(partNumber)) await pending.get(partNumber).catch(() => {});
      else await fetchBatch(partNumber, signal);
    }
    throw new Error(`No upload URL for part ${partNumber}.`);
  };
}

function trackSpeed(videoId) {
  let samples = [];
  return {
    restart() {
      samples = [];
    },
    record(bytes, total) {
      const now = Date.now();
      samples.push([now, bytes]);
      samples = samples.filter(([at]) => now - at <= SPEED_WINDOW_MS);
      const [since, from] = samples[0];
      const speed = now > since ? ((bytes - from) * 1000) / (now - since) : 0;
      update(videoId, {
        bytes,
        total,
        percent: Math.floor((100 * bytes) / (total || 1)),
        speed,
        secondsLeft: speed > 0 ? (total - bytes) / speed : null,
      });
    },
  };
}

function makeUppy(videoId, file, session) {
  const partCount = Math.max(1, Math.ceil(file.size / session.partSize));
  const urlFor = partUrls(session, partCount);
  const uppy = new Uppy({ id: `valvid-${videoId}`, autoProceed: false });
  uppy.use(AwsS3, {
    shouldUseMultipart: true,
    limit: PARALLEL_PARTS,
    retryDelays: RETRY_DELAYS,
    getChunkSize: () => session.partSize,
    createMultipartUpload: () => ({ uploadId: session.uploadId, key: session.key }),
    listParts: async (_file, { signal }) => {
      const parts = await api("GET", `${session.base}/${session.uploadId}/parts`, null, signal);
      return parts.map((p) => ({ PartNumber: p.part_number, ETag: p.etag, Size: p.size }));
    },
    signPart: async (_file, { partNumber, signal }) => ({ url: await urlFor(partNumber, signal) }),
    completeMultipartUpload: async (_file, { parts, signal }) => {
      const body = { parts: parts.map((p) => ({ part_number: p.PartNumber, etag: p.ETag })) };
      await api("POST", `${session.base}/${session.uploadId}/complete`, body, signal);
      return {};
    },
    // Only Cancel aborts (see cancelUpload): a failed upload stays resumable.
    abortMultipartUpload: async () => {},
  });
  return uppy;
}

function settle(videoId, changes) {
  const run = runs.get(videoId);
  runs.delete(videoId);
  if (run) queueMicrotask(() => run.uppy.destroy());
  return update(videoId, changes);
}

export function choose(videoId, file) {
  chosen.set(videoId, file);
  return { name: file.name, size: file.size, type: file.type || "" };
}

export async function startUpload(videoId) {
  const file = chosen.get(videoId);
  if (!file || isActive(uploads.get(videoId))) return;
  chosen.delete(videoId);
  const speed = trackSpeed(videoId);
  update(videoId, {
    name: file.name, file, state: "starting", bytes: 0, total: file.size, percent: 0,
    speed: 0, secondsLeft: null, message: "",
  });
  let session;
  try {
    session = await openSession(videoId, file);
  } catch (error) {
    update(videoId, { state: "failed", message: error.message || "The upload could not start." });
    return;
  }
  const uppy = makeUppy(videoId, file, session);
  const fileId = uppy.addFile({ name: file.name, type: file.type, data: file, source: "Local" });
  // Always the resume path: Uppy lists the parts storage holds and sends only the others.
  uppy.setFileState(fileId, { s3Multipart: { uploadId: session.uploadId, key: session.key } });
  const run = { uppy, fileId, session, cancelled: false };
  runs.set(videoId, run);
  uppy.on("upload-progress", (_f, progress) => speed.record(progress.bytesUploaded, file.size));
  uppy.on("upload-pause", (_id, paused) => {
    speed.restart();
    update(videoId, { state: paused ? "paused" : "uploading" });
  });
  uppy.on("upload-success", () => {
    localStorage.removeItem(session.memory);
    settle(videoId, { state: "done", bytes: file.size, percent: 100, secondsLeft: 0 });
  });
  uppy.on("upload-error", (_f, error) => {
    if (run.cancelled) return;
    const status = error?.source?.status;
    const message = error instanceof ApiError ? error.message
      : status ? `Storage refused a part (HTTP ${status}).` : "The connection broke off.";
    settle(videoId, { state: "failed", message, file });
  });
  update(videoId, {
    state: "uploading", percent: Math.floor((100 * session.resumedBytes) / (file.size || 1)),
    bytes: session.resumedBytes, resumed: session.resumedBytes > 0,
  });
  uppy.upload().catch(() => {});
}

export function retryUpload(videoId) {
  const upload = uploads.get(videoId);
  if (!upload?.file || isActive(upload)) return;
  chosen.set(videoId, upload.file);
  startUpload(videoId);
}

export function pauseOrResume(videoId) {
  const run = runs.get(videoId);
  if (run) run.uppy.pauseResume(run.fileId);
}

export async function cancelUpload(videoId) {
  const run = runs.get(videoId);
  if (!run) return;
  run.cancelled = true;
  run.uppy.cancelAll();
  settle(videoId, { state: "cancelled", message: "Upload cancelled." });
  localStorage.removeItem(run.session.memory);
  await api("DELETE", `${run.session.base}/${run.session.uploadId}`).catch(() => {});
}

export function forget(videoId) {
  if (!isActive(uploads.get(videoId))) {
    uploads.delete(videoId);
    snapshot = [...uploads.values()];
    listeners.forEach((listener) => listener());
  }
}

if (typeof window !== "undefined") {
  window.addEventListener("beforeunload", (event) => {
    if (![...uploads.values()].some(isActive)) return undefined;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it to ask before leaving
    return "";
  });
  const network = (up) => () => {
    runs.forEach((_run, videoId) => {
      const state = uploads.get(videoId)?.state;
      if (!up && state === "uploading") update(videoId, { state: "offline" });
      if (up && state === "offline") update(videoId, { state: "uploading" });
    });
  };
  window.addEventListener("offline", network(false));
  window.addEventListener("online", network(true));
  window.valvidUploads = { start: startUpload };
}
