import React, { useEffect, useRef, useSyncExternalStore } from "react";
import { Link } from "react-router";
import {
  cancelUpload, choose, forget, getSnapshot, isActive, pauseOrResume, retryUpload, subscribe,
} from "./upload_manager.js";

const FINISHED = new Set(["done", "failed", "cancelled"]);
const TRAY_WORDS = { done: "Uploaded", failed: "Stopped:", paused: "Paused:", offline: "Offline:" };

// A double click is one action: the second click of a burst (event.detail 2, 3…) is ignored.
function once(action) {
  return (event) => event.detail <= 1 && action();
}

function useUploads() {
  return useSyncExternalStore(subscribe, getSnapshot, () => []);
}

function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function timeLeft(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return "";
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s left`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s left`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min left`;
}

export function describe(upload) {
  const done = `${upload.percent || 0}%`;
  switch (upload.state) {
    case "starting":
      return "Starting…";
    case "paused":
      return `${done} · paused`;
    case "offline":
      return `${done} · waiting for the network`;
    case "done":
      return "100% · done";
    case "failed":
      return `${done} · stopped: ${upload.message}`;
    case "cancelled":
      return "Upload cancelled.";
    default: {
      const speed = upload.speed > 0 ? ` · ${megabytes(upload.speed)}/s` : "";
      const left = timeLeft(upload.secondsLeft);
      return `${done}${speed}${left ? ` · ${left}` : ""}`;
    }
  }
}

const BAR = { width: "100%", height: "10px", background: "var(--gray-5)", borderRadius: "999px" };
const BUTTON = {
  padding: "4px 10px", borderRadius: "6px", border: "none", cursor: "pointer",
  fontSize: "var(--font-size-1)", fontWeight: 500,
};
const SOFT = { ...BUTTON, background: "var(--iris-a3)", color: "var(--iris-11)" };
const DANGER = { ...BUTTON, background: "var(--red-a3)", color: "var(--red-11)" };
const HIDDEN = { position: "absolute", width: "1px", height: "1px", opacity: 0, overflow: "hidden" };

function ProgressBar({ percent, label }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100}
      aria-valuenow={percent} style={BAR}>
      <div style={{ width: `${percent}%`, height: "100%", borderRadius: "999px",
        background: "var(--iris-9)", transition: "width 0.2s" }} />
    </div>
  );
}

// The file picker (#file-input, styled by the page's label) and the progress of this video's upload.
export function UploadControl({ videoId, disabled, onChosen, onActive, onFinished }) {
  const upload = useUploads().find((u) => u.videoId === videoId);
  const seen = useRef(undefined);
  const state = upload?.state;

  useEffect(() => {
    const before = seen.current;
    seen.current = state;
    if (state === before || state === undefined) return;
    if (isActive(upload) && !isActive({ state: before })) onActive?.({ name: upload.name });
    if (FINISHED.has(state) && before !== undefined) {
      onFinished?.({ ok: state === "done", state, message: upload.message || "" });
    }
  }, [state]);

  useEffect(() => {
    const over = (e) => e.target.closest?.("#drop-zone") && e.preventDefault();
    const drop = (e) => {
      const zone = e.target.closest?.("#drop-zone");
      if (!zone || !e.dataTransfer?.files.length) return;
      e.preventDefault();
      if (!disabled) onChosen?.(choose(videoId, e.dataTransfer.files[0]));
    };
    document.addEventListener("dragover", over);
    document.addEventListener("drop", drop);
    return () => {
      document.removeEventListener("dragover", over);
      document.removeEventListener("drop", drop);
    };
  }, [videoId, disabled, onChosen]);

  const picked = (e) => {
    const file = e.target.files?.[0];
    e.target.value = ""; // picking the same file again must fire again (to resume it)
    if (file) onChosen?.(choose(videoId, file));
  };
  const active = isActive(upload);
  return (
    <div style={{ width: "100%", display: "flex", flexDirection: "column", gap: "8px" }}>
      <input id="file-input" type="file" accept="video/*" aria-label="Choose a video file"
        disabled={disabled || active} onChange={picked} style={HIDDEN} />
      {upload && (
        <>
          <ProgressBar percent={upload.percent || 0} label={`Uploading ${upload.name}`} />
          <div style={{ display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap" }}>
            <span data-testid="upload-progress" style={{ fontSize: "var(--font-size-2)" }}>
              {describe(upload)}
            </span>
            <span style={{ flex: 1 }} />
            {(state === "uploading" || state === "paused" || state === "offline") && (
              <button type="button" style={SOFT} onClick={once(() => pauseOrResume(videoId))}>
                {state === "paused" ? "Resume upload" : "Pause upload"}
              </button>
            )}
            {state === "failed" && upload.file && (
              <button type="button" style={SOFT} onClick={once(() => retryUpload(videoId))}>
                Retry upload
              </button>
            )}
            {active && (
              <button type="button" style={DANGER} onClick={() => cancelUpload(videoId)}>
                Cancel upload
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

// Uploads in flight, in the header of every page; a link leads back to the video.
export function UploadTray() {
  const uploads = useUploads().filter((u) => u.state !== "cancelled");
  useEffect(() => {
    const finished = uploads.filter((u) => u.state === "done");
    if (!finished.length) return undefined;
    const timer = setTimeout(() => finished.forEach((u) => forget(u.videoId)), 8000);
    return () => clearTimeout(timer);
  }, [uploads.map((u) => `${u.videoId}:${u.state}`).join(",")]);
  if (!uploads.length) return null;
  return (
    <div data-testid="upload-tray" aria-label="Uploads" role="status"
      style={{ display: "flex", gap: "10px", alignItems: "center" }}>
      {uploads.map((u) => (
        <Link key={u.videoId} to={`/studio/${u.videoId}`} title={describe(u)}
          style={{ display: "flex", flexDirection: "column", gap: "2px", width: "140px",
            color: "inherit", textDecoration: "none", fontSize: "var(--font-size-1)" }}>
          <span style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
            {TRAY_WORDS[u.state] || "Uploading"} {u.name} · {u.percent || 0}%
          </span>
          <ProgressBar percent={u.percent || 0} label={`Upload of ${u.name}`} />
        </Link>
      ))}
    </div>
  );
}
