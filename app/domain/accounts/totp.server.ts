import { sha256 } from "@oslojs/crypto/sha2";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from "@oslojs/otp";

// Two-factor sign-in as Lucia's guide builds it with @oslojs/otp: a 20-byte key, 30-second 6-digit codes
// (RFC 6238, what every authenticator app shows), one interval of grace for a slow phone clock.
export const TOTP_INTERVAL_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_GRACE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes in one session before it ends (the user must give the password again). */
export const MAX_SECOND_FACTOR_FAILURES = 5;

export function newTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The key as people type it (base32), and back; null for anything that is not a 20-byte key. */
export function encodeTotpKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key);
}
export function decodeTotpKey(text: string): Uint8Array | null {
  try {
    const key = decodeBase32IgnorePadding(text.replace(/\s+/g, "").toUpperCase());
    return key.byteLength === 20 ? key : null;
  } catch {
    return null;
  }
}

export function totpMatches(key: Uint8Array, code: string): boolean {
  const digits = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(digits)) return false;
  return verifyTOTPWithGracePeriod(key, TOTP_INTERVAL_SECONDS, TOTP_DIGITS, digits, TOTP_GRACE_SECONDS);
}

/** The otpauth:// address an authenticator app reads, and the same as a QR code (SVG). */
export async function totpSetup(key: Uint8Array, accountName: string): Promise<{ uri: string; qrSvg: string; manualKey: string }> {
  const uri = createTOTPKeyURI("Pasok", accountName, key, TOTP_INTERVAL_SECONDS, TOTP_DIGITS);
  const { default: QRCode } = await import("qrcode"); // loaded when someone sets up two-factor sign-in
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { uri, qrSvg, manualKey: encodeTotpKey(key).replace(/(.{4})/g, "$1 ").trim() };
}

/** Ten codes of 50 random bits each, written "abcde-fghij"; only their SHA-256 is stored. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = new Uint8Array(7);
    crypto.getRandomValues(bytes);
    const text = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10).toLowerCase();
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  const normal = code.toLowerCase().replace(/[^a-z2-7]/g, "");
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normal)));
}
