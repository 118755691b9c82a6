// Loaded before Bootstrap Italia's bundle: its video.js would otherwise add an inline <style>
// to every page, which the Content Security Policy (style-src 'self') blocks.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
