import { generateTOTP } from "@oslojs/otp";
import { DEMO_ADMIN_TOTP_KEY } from "./seed/seed-demo";
import { TOTP_DIGITS, TOTP_INTERVAL_SECONDS, decodeTotpKey } from "../app/domain/accounts/totp.server";

// npm run totp -- [KEY]: the current two-factor code for a base32 key (the demo admin's when none is given),
// for the demo and for testing; a real admin uses an authenticator app.
const key = decodeTotpKey(process.argv[2] ?? DEMO_ADMIN_TOTP_KEY);
if (!key) {
  console.error("Not a 20-byte base32 TOTP key.");
  process.exit(2);
}
console.log(generateTOTP(key, TOTP_INTERVAL_SECONDS, TOTP_DIGITS));
