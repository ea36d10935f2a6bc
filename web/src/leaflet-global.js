// Leaflet as the global `L` too: leaflet.markercluster (a UMD plugin) extends the global object, so it must
// exist before the plugin's module runs (imports run in order).
import L from "leaflet";

window.L = L;
export default L;
