import { getRequestConfig } from "next-intl/server";
import { loadMessages } from "./messages";
import { getRequestLocale } from "./server";

// next-intl's per-request configuration (next.config.js points its plugin here). No locale in
// URLs: the language comes from the user, the cookie or the browser (lib/i18n/server.ts).
export default getRequestConfig(async () => {
  const locale = await getRequestLocale();
  return {
    locale,
    messages: loadMessages(locale),
    // Times that belong to a course are formatted in its zone explicitly (lib/assignments/time-zone.ts);
    // a fixed zone here keeps server and browser renderings of anything else identical.
    timeZone: "UTC",
  };
});
