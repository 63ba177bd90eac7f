import React, { useEffect, useRef } from "react";
import Hls from "hls.js";

// An HLS <video>: hls.js where Media Source Extensions exist, the browser's own HLS elsewhere.
export function HlsPlayer({ src, poster, elementId, label }) {
  const ref = useRef(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || !src) return undefined;
    if (Hls.isSupported()) {
      const hls = new Hls();
      hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
        video.dataset.renditions = String(data.levels.length);
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
  return (
    <video
      ref={ref}
      id={elementId}
      aria-label={label || "Video player"}
      aria-keyshortcuts="Space K J L ArrowLeft ArrowRight ArrowUp ArrowDown F M"
      poster={poster || undefined}
      controls
      playsInline
      preload="metadata"
      style={{ width: "100%", aspectRatio: "16 / 9", background: "#000", borderRadius: "12px" }}
    />
  );
}
