import React, { useEffect, useRef, useState } from "react";
import Hls from "hls.js";

const MAX_HEIGHT = "75vh"; // a portrait video stays on screen with its title in view
const UNKNOWN_BANDWIDTH_BPS = 1_000_000;

// What the browser knows of its connection (Network Information API), else a modest guess:
// the first segment then comes at a rung the line can carry, and hls.js adapts from there.
function bandwidthEstimate() {
  const downlinkMbps = navigator.connection && navigator.connection.downlink;
  return downlinkMbps ? downlinkMbps * 1_000_000 * 0.8 : UNKNOWN_BANDWIDTH_BPS;
}

function qualityOf(level) {
  return level ? `${Math.min(level.width, level.height)}p` : "";
}

// An HLS <video>: hls.js where Media Source Extensions exist, the browser's own HLS elsewhere.
// It starts at the rung that fits the bandwidth and the player's size, and shows which it plays.
export function HlsPlayer({ src, poster, elementId, aspect, label }) {
  const ref = useRef(null);
  const [quality, setQuality] = useState("");
  useEffect(() => {
    const video = ref.current;
    setQuality("");
    if (!video || !src) return undefined;
    if (Hls.isSupported()) {
      const hls = new Hls({
        startLevel: -1,
        capLevelToPlayerSize: true,
        abrEwmaDefaultEstimate: bandwidthEstimate(),
      });
      hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
        video.dataset.renditions = String(data.levels.length);
      });
      hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
        const label = qualityOf(hls.levels[data.level]);
        video.dataset.quality = label;
        setQuality(label);
      });
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) video.dataset.error = data.details;
      });
      hls.loadSource(src);
      hls.attachMedia(video);
      video.dataset.engine = "hls.js";
      return () => hls.destroy();
    }
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
      video.dataset.engine = "native";
    }
    return undefined;
  }, [src]);
  const ratio = aspect || "16 / 9";
  return (
    <div style={{ position: "relative", width: "100%", maxWidth: `calc(${MAX_HEIGHT} * (${ratio}))`, margin: "0 auto" }}>
      <video
        ref={ref}
        id={elementId}
        poster={poster || undefined}
        controls
        playsInline
        preload="metadata"
        aria-label={label || "Video player"}
        aria-keyshortcuts="Space K J L ArrowLeft ArrowRight ArrowUp ArrowDown F M"
        style={{ display: "block", width: "100%", aspectRatio: ratio, maxHeight: MAX_HEIGHT,
                 background: "#000", borderRadius: "12px" }}
      />
      {quality && (
        <span
          data-testid="quality"
          title="Quality now playing"
          style={{ position: "absolute", top: "8px", right: "8px", padding: "2px 8px",
                   borderRadius: "6px", font: "600 12px/1.6 system-ui, sans-serif",
                   color: "#fff", background: "rgba(0, 0, 0, 0.6)", pointerEvents: "none" }}
        >
          {quality}
        </span>
      )}
    </div>
  );
}
