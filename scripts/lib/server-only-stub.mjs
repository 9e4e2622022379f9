// `node --import ./scripts/lib/server-only-stub.mjs`: resolves "server-only" to an empty module.
// For scripts that need both lib/data (marked server-only) and react-dom/server, which refuses
// the react-server condition that otherwise silences the marker (bench:dashboard).
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
        return next(specifier, context);
      }`,
    ),
  import.meta.url,
);
