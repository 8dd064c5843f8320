import { render } from "preact";
import { App } from "./app.js";
import "./styles/app.css";

// The console's browser entry, bundled by the server (src/console/server/bundle.ts).
const root = document.getElementById("app");
if (root !== null) render(<App />, root);
